using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <content>Account-level writes: announcing the current commit (activation) and replacing a repo's contents (import).</content>
public sealed partial class RepoWriter
{
    /// <summary>
    /// Sequences <paramref name="leadingEvents"/> followed by a <c>#sync</c> of the repo's current commit, after every
    /// commit entry still in the repo's outbox, holding the repo's in-process lock so that no commit of this process
    /// slips between reading the head and sequencing.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="leadingEvents">Events sequenced first (an activation's <c>#account</c> and <c>#identity</c>).</param>
    /// <param name="cancellationToken">A token that cancels the work; the outcome of the append is then unknown.</param>
    /// <returns>The seq of the first event sequenced.</returns>
    /// <exception cref="ArgumentException">There is neither a repo nor a leading event.</exception>
    /// <remarks>
    /// Spec: atproto.com/specs/sync ("Sync Events", "Identity and Account Events"); the reference PDS's activateAccount
    /// emits <c>#account</c>, <c>#identity</c> and <c>#sync</c> in that order. Without a repo only the leading events go out.
    /// </remarks>
    public async Task<long> AnnounceCurrentCommitAsync(Did did, IReadOnlyList<StoredEvent> leadingEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(leadingEvents);
        using var held = await _locks.AcquireAsync(did, cancellationToken).ConfigureAwait(false);
        var head = await _repos.GetHeadAsync(did, cancellationToken).ConfigureAwait(false);
        List<StoredEvent> events = [.. leadingEvents];
        if (head is not null && await _repos.GetBlockAsync(did, head.CommitCid, cancellationToken).ConfigureAwait(false) is { } commitBytes)
        {
            events.Add(SyncEventOf(did, head.CommitCid, head.Rev, commitBytes));
        }

        var appended = await _sequencer.SequenceAccountEventsAsync(did, events, cancellationToken).ConfigureAwait(false);
        return appended.FirstSeq;
    }

    /// <summary>
    /// Replaces the repo's records with those of another repo's commit (a repo import during migration): builds the MST
    /// of every record under <paramref name="sourceData"/>, signs a new commit over it with <paramref name="signer"/>
    /// (its <c>prev</c> the current head, its rev a new TID) and stores it as one commit, with the record index updated
    /// to match. The new MST equals the source's (same records, same root CID). Announces a <c>#sync</c> of the new
    /// commit when <paramref name="announce"/> is set; a deactivated account's import announces nothing (its activation will).
    /// </summary>
    /// <param name="did">The repo, which must exist.</param>
    /// <param name="signer">The account's repo signing key on this PDS.</param>
    /// <param name="source">The source repo's blocks (its MST nodes and records).</param>
    /// <param name="sourceData">The source commit's <c>data</c>: its MST root CID.</param>
    /// <param name="announce">Whether to emit a <c>#sync</c> for the new commit.</param>
    /// <param name="cancellationToken">A token that cancels the work before the commit is stored.</param>
    /// <returns>The new commit; <see cref="RepoCommitResult.Results"/> is empty.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>RepoNotFound</c> (no repo); 400 <c>InvalidRequest</c> when an MST node or record of the source is missing
    /// or malformed, or a record exceeds 1,000,000 bytes; 503 <c>NotEnoughResources</c> when other writers won every
    /// attempt. Nothing is stored in these cases.
    /// </exception>
    /// <remarks>Spec: atproto.com/specs/account ("Account Migration"); lexicon com.atproto.repo.importRepo.</remarks>
    public async Task<RepoCommitResult> ImportAsync(
        Did did, ISigner signer, IBlockSource source, Cid sourceData, bool announce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(source);
        var (entries, records) = await ReadSourceAsync(source, sourceData, cancellationToken).ConfigureAwait(false);
        using var held = await _locks.AcquireAsync(did, cancellationToken).ConfigureAwait(false);
        return await RetryLostRacesAsync(did, async (_, cancellationToken) =>
        {
            var state = await _cache.GetAsync(did, refresh: true, cancellationToken).ConfigureAwait(false) ?? throw XrpcException.RepoNotFound(did);
            var blockSource = new RepoBlockSource(_repos, did, _blocks);
            var stale = new List<RepoPath>();
            var existing = new Dictionary<string, Cid>(StringComparer.Ordinal);
            await foreach (var (key, cid) in Mst.Load(blockSource, state.Head.DataCid).ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                existing[key] = cid;
                if (!entries.ContainsKey(key))
                {
                    stale.Add(RepoPath.Parse(key));
                }
            }

            // Blob reference rows follow the imported records; the blobs themselves usually arrive after the import
            // (com.atproto.repo.listMissingBlobs names them), so nothing is claimed here.
            var blobs = await BlobReferenceChanges.ComputeAsync(blockSource, ImportBlobChanges(entries, records, existing, stale), cancellationToken).ConfigureAwait(false);

            var tree = Mst.Build(blockSource, entries);
            var data = await tree.GetRootCidAsync(cancellationToken).ConfigureAwait(false);
            var commit = await new UnsignedCommit(did, data, _tids.Next(state.Head.Rev), state.Head.CommitCid).SignAsync(signer, cancellationToken).ConfigureAwait(false);
            var commitBytes = commit.Encode();
            var nodes = await tree.GetNewBlocksAsync(cancellationToken).ConfigureAwait(false);
            var seen = new HashSet<Cid>();
            List<RepoBlock> blocks = [.. new[] { new RepoBlock(commit.Cid, commitBytes) }
                .Concat(nodes.Select(n => new RepoBlock(n.Cid, n.Bytes)))
                .Concat(records)
                .Where(b => seen.Add(b.Cid))];
            var outbox = announce
                ? new OutboxEntry(commit.Rev, [SyncEventOf(did, commit.Cid, commit.Rev, commitBytes)])
                : null;
            var prepared = new PreparedCommit(
                commit, blocks, [.. entries.Select(e => KeyValuePair.Create(RepoPath.Parse(e.Key), e.Value))], stale,
                blobs.Upserts, blobs.Deletes, [], outbox, []);
            await EnsureMarkedAsync(did, cancellationToken).ConfigureAwait(false);
            try
            {
                var status = state.Head.WriteStatus ?? (announce ? AccountStatus.Active : AccountStatus.Deactivated);
                var head = await StoreAsync(did, state.Head, [.. state.SequencedRevs], prepared, cancellationToken, status).ConfigureAwait(false);
                return await FinishAsync(did, head, state.Unsequenced, prepared).ConfigureAwait(false);
            }
            catch (RepoConcurrencyException)
            {
                _cache.Invalidate(did);
                throw; // retried by _lostRaceRetry
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static List<RecordBlobChange> ImportBlobChanges(
        Dictionary<string, Cid> entries, List<RepoBlock> records, Dictionary<string, Cid> existing, List<RepoPath> stale)
    {
        var bytesByCid = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        foreach (var record in records)
        {
            bytesByCid[record.Cid] = record.Bytes;
        }

        var changes = new List<RecordBlobChange>();
        foreach (var (key, cid) in entries)
        {
            var previous = existing.TryGetValue(key, out var old) ? old : (Cid?)null;
            if (previous != cid)
            {
                changes.Add(new RecordBlobChange(RepoPath.Parse(key), previous, BlobRefFinder.Find(DagCbor.Decode(bytesByCid[cid].Span)).Refs));
            }
        }
        changes.AddRange(stale.Select(path => new RecordBlobChange(path, existing[path.ToString()], [])));
        return changes;
    }

    private StoredEvent SyncEventOf(Did did, Cid commitCid, Tid rev, ReadOnlyMemory<byte> commitBytes) => StoredEvent.From(new SyncEvent
    {
        Did = did,
        Blocks = CarWriter.Encode([commitCid], [new CarBlock(commitCid, commitBytes)]),
        Rev = rev,
        Time = AtprotoDatetime.FromDateTimeOffset(_time.GetUtcNow()),
    });

    private static async Task<(Dictionary<string, Cid> Entries, List<RepoBlock> Records)> ReadSourceAsync(
        IBlockSource source, Cid sourceData, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, Cid>(StringComparer.Ordinal);
        var records = new List<RepoBlock>();
        try
        {
            await foreach (var (key, cid) in Mst.Load(source, sourceData).ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!RepoPath.TryParse(key, out _))
                {
                    throw XrpcException.InvalidRequest($"The imported repo holds an invalid record path: {key}");
                }

                var bytes = await source.GetBlockAsync(cid, cancellationToken).ConfigureAwait(false)
                    ?? throw XrpcException.InvalidRequest($"The imported CAR lacks the record {key} ({cid}).");
                if (bytes.Length > SyncLimits.MaxRecordBytes)
                {
                    throw XrpcException.InvalidRequest($"The imported record {key} is {bytes.Length} bytes; at most {SyncLimits.MaxRecordBytes} are allowed.");
                }

                if (Cid.ComputeDagCbor(bytes.Span) != cid || DagCbor.Decode(bytes.Span) is not DataMap)
                {
                    throw XrpcException.InvalidRequest($"The imported record {key} does not match its CID or is not a map.");
                }

                entries.Add(key, cid);
                records.Add(new RepoBlock(cid, bytes));
            }
        }
        catch (Exception e) when (e is MissingBlockException or MstFormatException or DagCborFormatException or CidFormatException)
        {
            throw XrpcException.InvalidRequest($"The imported repo is incomplete or malformed: {e.Message}");
        }

        return (entries, records);
    }
}
