using System.Collections.Concurrent;
using Polly;
using Polly.Retry;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// Writes repos: creates them and applies record writes as signed commits, keeping one linear history per DID across
/// any number of writers and processes, and hands each commit's firehose events to the <see cref="Sequencer"/>.
/// </summary>
/// <remarks>
/// docs/architecture.md, "The commit path": (2) read the head, from cache when warm; (3) build the MST, the signed
/// commit and its <c>#commit</c> event in memory; (4) refresh the DID's pending marker when it is not known to be
/// fresh; (5) one conditional atomic <see cref="IRepoStore.CommitAsync"/> that also stores the outbox entry and
/// deletes entries already sequenced; (6) sequence and notify. A lost race re-reads and rebuilds, up to
/// <see cref="RepoWriterOptions.MaxAttempts"/> times with jittered backoff, or fails with <c>InvalidSwap</c> when the
/// caller gave <c>swapCommit</c>. Writers in one process queue per DID rather than race. Thread-safe.
/// Spec: atproto.com/specs/repository, atproto.com/specs/sync.
/// </remarks>
public sealed partial class RepoWriter
{
    private readonly IRepoStore _repos;
    private readonly IPendingDirectory _pending;
    private readonly Sequencer _sequencer;
    private readonly IBlobCatalog _blobCatalog;
    private readonly RepoWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly CommitBuilder _builder;
    private readonly TidGenerator _tids;
    private readonly BlockCache _blocks;
    private readonly RepoStateCache _cache;
    private readonly IAccountStore? _accounts;
    private readonly KeyedLock _locks = new();
    private readonly ConcurrentDictionary<Did, DateTimeOffset> _markedAt = new();
    private readonly ResiliencePipeline _lostRaceRetry;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="repos">The repo store.</param>
    /// <param name="pending">The pending directory the sweeper scans.</param>
    /// <param name="sequencer">The sequencer that moves outbox entries into the event log.</param>
    /// <param name="blobCatalog">The blob store's catalog, where each blob a commit newly references is claimed before the commit is stored.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for event times and marker freshness; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="tids">The generator of revs and record keys; <see cref="TidGenerator.Shared"/> when <see langword="null"/>.</param>
    /// <param name="accounts">The account store, read only for a repo head stored before heads recorded the account's
    /// hosting status (<see cref="RepoHead.WriteStatus"/>); without it such a repo is writable.</param>
    public RepoWriter(
        IRepoStore repos,
        IPendingDirectory pending,
        Sequencer sequencer,
        IBlobCatalog blobCatalog,
        RepoWriterOptions? options = null,
        TimeProvider? timeProvider = null,
        TidGenerator? tids = null,
        IAccountStore? accounts = null)
    {
        _repos = repos ?? throw new ArgumentNullException(nameof(repos));
        _pending = pending ?? throw new ArgumentNullException(nameof(pending));
        _sequencer = sequencer ?? throw new ArgumentNullException(nameof(sequencer));
        _blobCatalog = blobCatalog ?? throw new ArgumentNullException(nameof(blobCatalog));
        _options = options ?? new RepoWriterOptions();
        _time = timeProvider ?? TimeProvider.System;
        _tids = tids ?? TidGenerator.Shared;
        _builder = new CommitBuilder(_tids, _time);
        _blocks = new BlockCache(_options.BlockCacheBytes);
        _cache = new RepoStateCache(repos, _options.MaxCachedRepos);
        _accounts = accounts;
        _lostRaceRetry = LostRaceRetry(_options, _time);
    }

    /// <summary>
    /// Creates an empty repo: an empty MST and a first signed commit (no <c>prev</c>), whose outbox entry holds a
    /// <c>#commit</c> (no ops, <c>since</c> null) followed by a <c>#sync</c>, the order the reference PDS emits.
    /// </summary>
    /// <param name="did">The account's DID.</param>
    /// <param name="signer">The account's repo signing key.</param>
    /// <param name="cancellationToken">A token that cancels the work before the commit is stored.</param>
    /// <returns>The first commit.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> when the repo already exists.</exception>
    /// <remarks>Spec: atproto.com/specs/sync ("#sync" for a new repo).</remarks>
    public Task<RepoCommitResult> CreateRepoAsync(Did did, ISigner signer, CancellationToken cancellationToken = default) =>
        CreateRepoAsync(did, signer, [], announce: true, cancellationToken);

    /// <summary>
    /// Creates an empty repo like <see cref="CreateRepoAsync(Did, ISigner, CancellationToken)"/>, choosing what its
    /// first outbox entry holds: <paramref name="leadingEvents"/> (a new account's <c>#identity</c> and <c>#account</c>)
    /// then the <c>#commit</c> and <c>#sync</c>, all stored atomically with the commit and sequenced exactly once; or,
    /// when <paramref name="announce"/> is <see langword="false"/> (an account migrating in, created deactivated),
    /// no entry at all.
    /// </summary>
    /// <param name="did">The account's DID.</param>
    /// <param name="signer">The account's repo signing key.</param>
    /// <param name="leadingEvents">Events sequenced just before the repo's <c>#commit</c>; ignored when not announcing.</param>
    /// <param name="announce">Whether the new repo is announced on the firehose.</param>
    /// <param name="cancellationToken">A token that cancels the work before the commit is stored.</param>
    /// <returns>The first commit.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> when the repo already exists.</exception>
    /// <remarks>Spec: atproto.com/specs/sync ("#sync" for a new repo; "Identity and Account Events").</remarks>
    public async Task<RepoCommitResult> CreateRepoAsync(
        Did did, ISigner signer, IReadOnlyList<StoredEvent> leadingEvents, bool announce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(leadingEvents);
        using var held = await _locks.AcquireAsync(did, cancellationToken).ConfigureAwait(false);
        var tree = Mst.Create(new RepoBlockSource(_repos, did, _blocks));
        var prepared = await _builder.BuildAsync(did, signer, null, tree, [], cancellationToken).ConfigureAwait(false);
        prepared = prepared with
        {
            Outbox = announce ? new OutboxEntry(prepared.Commit.Rev, [.. leadingEvents, .. prepared.Outbox!.Events]) : null,
        };
        await EnsureMarkedAsync(did, cancellationToken).ConfigureAwait(false);
        RepoHead head;
        try
        {
            head = await StoreAsync(did, null, [], prepared, cancellationToken, announce ? AccountStatus.Active : AccountStatus.Deactivated).ConfigureAwait(false);
        }
        catch (RepoConcurrencyException e)
        {
            throw new XrpcException(400, XrpcErrorName.InvalidRequest, $"A repo already exists for {did}. ({e.Message})");
        }

        return await FinishAsync(did, head, [], prepared).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="writes"/> to the repo as one signed commit.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="signer">The account's repo signing key.</param>
    /// <param name="writes">At most <see cref="Protocol.Sync.SyncLimits.MaxOpsPerCommit"/> writes, applied in order, each path once.</param>
    /// <param name="swapCommit">The CID the current commit must have, or <see langword="null"/> to retry on contention instead.</param>
    /// <param name="cancellationToken">A token that cancels the work; once the commit is stored the call completes anyway.</param>
    /// <returns>The new commit and what each write did.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>RepoNotFound</c> (no repo); 400 <c>InvalidSwap</c> (<paramref name="swapCommit"/> or a write's
    /// <c>swapRecord</c> does not match); 400 <c>InvalidRequest</c> (a create of an existing record, an update or delete
    /// of a missing one, a path written twice, a record that is not a map, has another <c>$type</c> or exceeds 1,000,000
    /// bytes, too many writes, a malformed blob ref); 400 <c>BlobNotFound</c> (a record references a blob this account
    /// has not uploaded); 400 <c>InvalidMimeType</c> or <c>InvalidSize</c> (a blob ref's <c>mimeType</c> or <c>size</c>
    /// differs from the stored blob's); 401 <c>AccountDeactivated</c> or <c>AccountTakedown</c> (the head records a
    /// deactivated or taken-down account, <see cref="RepoHead.WriteStatus"/>); 413 <c>PayloadTooLarge</c> (the commit's blocks exceed 2,000,000 bytes); 503
    /// <c>NotEnoughResources</c> (other writers won every attempt). Nothing is stored in any of these cases.
    /// </exception>
    /// <remarks>
    /// docs/architecture.md, "Blob references": every blob a record references that its previous version at the same
    /// path did not is claimed through <see cref="IBlobCatalog.ClaimAsync"/> before the commit is stored, and the
    /// commit's reference rows are written in the same atomic <see cref="IRepoStore.CommitAsync"/> as its head.
    /// </remarks>
    public Task<RepoCommitResult> ApplyWritesAsync(
        Did did, ISigner signer, IReadOnlyList<RepoWrite> writes, Cid? swapCommit = null, CancellationToken cancellationToken = default) =>
        ApplyAsync(did, signer, null, writes, swapCommit, cancellationToken);

    /// <summary>
    /// Applies <paramref name="writes"/> as <see cref="ApplyWritesAsync"/> does, at most once per <paramref name="writeId"/>:
    /// the commit stores a receipt of its answer in the head, atomically with it, and a call whose id the head's receipts
    /// hold answers that first commit again (sequencing its events if they are still in the outbox) and stores nothing.
    /// This is how a Durable Entity operation that the runtime delivers again after a crash stays applied once.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="signer">The account's repo signing key.</param>
    /// <param name="writeId">The id of this call, the same on every delivery (1-64 characters, no spaces).</param>
    /// <param name="writes">The writes, as <see cref="ApplyWritesAsync"/> takes them.</param>
    /// <param name="swapCommit">The CID the current commit must have, or <see langword="null"/>; not checked on a repeated delivery.</param>
    /// <param name="cancellationToken">A token that cancels the work; once the commit is stored the call completes anyway.</param>
    /// <returns>The new commit and what each write did, or those of the first delivery.</returns>
    /// <exception cref="XrpcException">The errors of <see cref="ApplyWritesAsync"/>, when the id has no receipt.</exception>
    /// <remarks>
    /// The head keeps the receipts of the last <see cref="CommitReceipts.MaxReceipts"/> commits that carried an id (fewer
    /// for very large commits); docs/architecture.md, "The repo write serialiser".
    /// </remarks>
    public Task<RepoCommitResult> ApplyWritesOnceAsync(
        Did did, ISigner signer, string writeId, IReadOnlyList<RepoWrite> writes, Cid? swapCommit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(writeId);
        if (writeId.Length > 64 || writeId.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException("A write id is 1-64 characters without spaces.", nameof(writeId));
        }

        return ApplyAsync(did, signer, writeId, writes, swapCommit, cancellationToken);
    }

    private async Task<RepoCommitResult> ApplyAsync(
        Did did, ISigner signer, string? writeId, IReadOnlyList<RepoWrite> writes, Cid? swapCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(writes);
        using var held = await _locks.AcquireAsync(did, cancellationToken).ConfigureAwait(false);
        return await RetryLostRacesAsync(did, async (attempt, cancellationToken) =>
        {
            var state = await _cache.GetAsync(did, refresh: attempt > 1, cancellationToken).ConfigureAwait(false);
            if (state is { Fresh: false } && ((swapCommit is { } s && s != state.Head.CommitCid) || IsClosed(state.Head)))
            {
                state = await _cache.GetAsync(did, refresh: true, cancellationToken).ConfigureAwait(false);
            }

            if (state is null)
            {
                throw XrpcException.RepoNotFound(did);
            }

            if (writeId is not null && CommitReceipts.Find(did, state.Head.Receipts, writeId) is { } first)
            {
                return await RepeatAsync(did, first).ConfigureAwait(false);
            }

            await RequireWritableAsync(did, state.Head, cancellationToken).ConfigureAwait(false);
            if (swapCommit is { } swap && swap != state.Head.CommitCid)
            {
                throw XrpcException.InvalidSwap(swap, state.Head.CommitCid);
            }

            var tree = Mst.Load(new RepoBlockSource(_repos, did, _blocks), state.Head.DataCid);
            var prepared = await _builder.BuildAsync(did, signer, state.Head, tree, writes, cancellationToken).ConfigureAwait(false);
            await ClaimBlobsAsync(did, prepared.Claims, cancellationToken).ConfigureAwait(false);
            await EnsureMarkedAsync(did, cancellationToken).ConfigureAwait(false);
            try
            {
                var head = await StoreAsync(did, state.Head, [.. state.SequencedRevs], prepared, cancellationToken, writeId: writeId).ConfigureAwait(false);
                return await FinishAsync(did, head, state.Unsequenced, prepared).ConfigureAwait(false);
            }
            catch (RepoConcurrencyException)
            {
                _cache.Invalidate(did);
                if (swapCommit is { } expected)
                {
                    var now = await _repos.GetHeadAsync(did, cancellationToken).ConfigureAwait(false);
                    if (writeId is not null && CommitReceipts.Find(did, now?.Receipts, writeId) is { } landed)
                    {
                        return await RepeatAsync(did, landed).ConfigureAwait(false);
                    }

                    throw XrpcException.InvalidSwap(expected, now?.CommitCid);
                }

                throw; // retried by _lostRaceRetry
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets the cached head of <paramref name="did"/>, e.g. after another component changed the repo.</summary>
    /// <param name="did">The repo.</param>
    public void Invalidate(Did did) => _cache.Invalidate(did);

    /// <summary>
    /// Claims each distinct blob of <paramref name="refs"/> (several at a time) and checks every ref against the stored
    /// blob, as the reference PDS: the same <c>mimeType</c>, and the same <c>size</c> (the legacy form has none). The
    /// lexicon's <c>accept</c> and <c>maxSize</c> were checked on the ref by record validation, so they hold for the blob.
    /// </summary>
    private async Task ClaimBlobsAsync(Did did, IReadOnlyList<FoundBlobRef> refs, CancellationToken cancellationToken)
    {
        if (refs.Count == 0)
        {
            return;
        }

        var stored = new Dictionary<Cid, StoredBlob?>();
        await Parallel.ForEachAsync(
            refs.Select(r => r.Cid).Distinct(),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelBlobClaims, CancellationToken = cancellationToken },
            async (cid, token) =>
            {
                var blob = await _blobCatalog.ClaimAsync(did, cid, token).ConfigureAwait(false);
                lock (stored)
                {
                    stored[cid] = blob;
                }
            }).ConfigureAwait(false);
        foreach (var found in refs)
        {
            var blob = stored[found.Cid] ?? throw XrpcException.BlobNotFound(found.Cid);
            if (!string.Equals(found.MimeType, blob.MimeType, StringComparison.Ordinal))
            {
                throw new XrpcException(400, XrpcErrorName.InvalidMimeType, $"Referenced Mimetype does not match stored blob. Expected: {blob.MimeType}, Got: {found.MimeType}");
            }

            if (found.Size is { } size && size != blob.Size)
            {
                throw new XrpcException(400, XrpcErrorName.InvalidSize, $"Referenced Size does not match stored blob. Expected: {blob.Size}, Got: {size}");
            }
        }
    }

    /// <summary>
    /// The answer to a repeated delivery of a committed write (<paramref name="first"/>, from its receipt): sequences the
    /// repo's outbox in case the first delivery stopped before it did, and reports whether that succeeded.
    /// </summary>
    private async Task<RepoCommitResult> RepeatAsync(Did did, RepoCommitResult first)
    {
        _cache.Invalidate(did);
        try
        {
            await _sequencer.DrainAsync(did, CancellationToken.None).ConfigureAwait(false);
            return first with { Sequenced = true };
        }
        catch (Exception)
        {
            // As in FinishAsync: the entries stay in the outbox for the next writer or the sweeper.
            return first;
        }
    }

    private async Task<RepoHead> StoreAsync(
        Did did, RepoHead? expected, IReadOnlyList<Tid> sequencedDeletes, PreparedCommit prepared, CancellationToken cancellationToken,
        AccountStatus writeStatus = AccountStatus.Active, string? writeId = null)
    {
        var receipts = writeId is null
            ? expected?.Receipts
            : CommitReceipts.Append(expected?.Receipts, writeId, prepared.Commit.Cid, prepared.Commit.Rev, prepared.Results);
        var inline = prepared.Blocks.Count <= _options.MaxInlineBlocks && prepared.Blocks.Sum(b => (long)b.Bytes.Length) <= _options.MaxInlineBlockBytes;
        if (!inline)
        {
            await _repos.PutBlocksAsync(did, prepared.Blocks, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _repos.CommitAsync(did, expected, prepared.ToBatch(inline, sequencedDeletes, writeStatus, receipts), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RepoConcurrencyException)
        {
            _cache.Invalidate(did);
            throw;
        }
    }

    private async Task<RepoCommitResult> FinishAsync(Did did, RepoHead head, IReadOnlyList<OutboxEntry> olderUnsequenced, PreparedCommit prepared)
    {
        foreach (var block in prepared.Blocks)
        {
            _blocks.Add(block.Cid, block.Bytes);
        }

        List<OutboxEntry> outbox = prepared.Outbox is { } own ? [.. olderUnsequenced, own] : [.. olderUnsequenced];
        _cache.Set(did, new RepoSnapshot(head, outbox, new HashSet<Tid>(), Fresh: false));
        var sequenced = false;
        try
        {
            var appended = await _sequencer.SequenceAsync(did, outbox, CancellationToken.None).ConfigureAwait(false);
            _cache.MarkSequenced(did, head.Version, appended.Select(a => a.Rev));
            sequenced = true;
        }
        catch (Exception)
        {
            // The entries are durable in the outbox and the DID is marked pending: the next writer or the sweeper
            // sequences them. The commit itself succeeded, so the caller is not told to retry it.
        }

        return new RepoCommitResult(prepared.Commit.Cid, prepared.Commit.Rev, prepared.Results, sequenced);
    }

    private async Task EnsureMarkedAsync(Did did, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_markedAt.TryGetValue(did, out var at) && now - at < _options.PendingMarkerFreshness)
        {
            return;
        }

        await _pending.MarkAsync(did, cancellationToken).ConfigureAwait(false);
        if (_markedAt.Count >= _options.MaxCachedRepos)
        {
            _markedAt.Clear();
        }

        _markedAt[did] = now;
    }

    /// <summary>
    /// The back-off between attempts after a lost race: Polly's exponential retry with jitter, starting at
    /// <see cref="RepoWriterOptions.RetryBaseDelay"/>, capped at <see cref="RepoWriterOptions.RetryMaxDelay"/>, for
    /// <see cref="RepoWriterOptions.MaxAttempts"/> attempts in all.
    /// </summary>
    private static ResiliencePipeline LostRaceRetry(RepoWriterOptions options, TimeProvider time) =>
        options.MaxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RepoConcurrencyException>(),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
            }).Build();

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its number, from 1) until it does not throw
    /// <see cref="RepoConcurrencyException"/>, backing off in between; when every attempt lost, fails with 503
    /// <c>NotEnoughResources</c>.
    /// </summary>
    private async Task<T> RetryLostRacesAsync<T>(Did did, Func<int, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _lostRaceRetry.ExecuteAsync(
                async token => await attempt(++attempts, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (RepoConcurrencyException e)
        {
            throw new XrpcException(503, XrpcErrorName.NotEnoughResources, $"Could not commit to {did}: other writers won {attempts} attempts. ({e.Message})");
        }
    }
}
