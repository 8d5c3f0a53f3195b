using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// <c>com.atproto.repo.importRepo</c>: takes a CAR export of the account's repo (as <c>com.atproto.sync.getRepo</c>
/// serves it), checks its commit, and makes the account's repo here hold exactly its records, in one new commit
/// signed with the account's key on this PDS (<see cref="RepoWriter.ImportAsync"/>).
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/account ("Account Migration"); lexicon com.atproto.repo.importRepo. The commit must be
/// for the account's DID and signed by the <c>#atproto</c> key of its DID document at import time (during a migration
/// the old PDS's key, since the DID is updated after the import) or by the account's key here (re-importing an export
/// of this PDS). The reference PDS does not check the signature; we refuse an unsigned or forged export rather than
/// re-sign it. A deactivated account's import is announced by its activation (<c>#sync</c>); an active account's
/// import emits a <c>#sync</c> at once.
/// </remarks>
/// <param name="writer">The repo writer.</param>
/// <param name="accounts">The account store.</param>
/// <param name="signers">The accounts' signing keys.</param>
/// <param name="didDocuments">Resolves the account's DID document.</param>
public sealed class RepoImporter(RepoWriter writer, IAccountStore accounts, IAccountSigners signers, IDidDocumentSource didDocuments)
{
    /// <summary>The largest CAR an import reads, in bytes (256 MiB): the blocks it holds stay in memory until the commit.</summary>
    public const long DefaultMaxCarBytes = 256L * 1024 * 1024;

    /// <summary>How many imports run at once on this instance (2); more answer 429 at once rather than queue in memory.</summary>
    public const int MaxConcurrentImports = 2;

    private readonly SemaphoreSlim _running = new(MaxConcurrentImports, MaxConcurrentImports);

    /// <summary>Imports a repo CAR held in memory into the account's repo.</summary>
    /// <param name="did">The account (the authenticated caller).</param>
    /// <param name="car">The CAR v1 bytes: one root, the commit; the MST nodes and records it reaches.</param>
    /// <param name="cancellationToken">A token that cancels the import before it is stored.</param>
    /// <returns>The new commit.</returns>
    /// <exception cref="XrpcException">As <see cref="ImportAsync(Did, Stream, long, CancellationToken)"/>.</exception>
    public async Task<RepoCommitResult> ImportAsync(Did did, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(car.ToArray(), writable: false);
        return await ImportAsync(did, stream, DefaultMaxCarBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports a repo CAR read as a stream into the account's repo: blocks are checked as they arrive and reading stops
    /// at the first bad section or past <paramref name="maxCarBytes"/>, so a request body that inflates (a compression
    /// bomb) costs at most that much memory; at most <see cref="MaxConcurrentImports"/> run at once.
    /// </summary>
    /// <param name="did">The account (the authenticated caller).</param>
    /// <param name="car">The CAR v1 stream: one root, the commit; the MST nodes and records it reaches. Read once, to its end.</param>
    /// <param name="maxCarBytes">The most bytes to read from <paramref name="car"/>.</param>
    /// <param name="cancellationToken">A token that cancels the import before it is stored.</param>
    /// <returns>The new commit.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>AccountNotFound</c>; 400 <c>InvalidRequest</c> when the CAR is malformed, has not exactly one root,
    /// lacks the commit, an MST node or a record, its commit is for another DID or its signature matches no key of
    /// the account; 413 <c>PayloadTooLarge</c> past <paramref name="maxCarBytes"/>; 429 <c>RateLimitExceeded</c> while
    /// <see cref="MaxConcurrentImports"/> imports run; as <see cref="RepoWriter.ImportAsync"/>. Nothing is stored in these cases.
    /// </exception>
    public async Task<RepoCommitResult> ImportAsync(Did did, Stream car, long maxCarBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(car);
        if (!await _running.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            throw new XrpcException(429, XrpcErrorName.RateLimitExceeded, $"Too many repo imports in progress (at most {MaxConcurrentImports}); try again later.");
        }

        try
        {
            var account = await accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
                ?? throw XrpcException.BadRequest(AccountErrorNames.AccountNotFound, "Account not found");
            var (commit, blocks) = await ReadCarAsync(car, maxCarBytes, cancellationToken).ConfigureAwait(false);
            if (commit.Did != did)
            {
                throw XrpcException.InvalidRequest($"The imported commit is for {commit.Did}, not {did}.");
            }

            var signer = await signers.GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
            if (!commit.Verify(signer.PublicKey) && !(await DocumentKeyAsync(did, cancellationToken).ConfigureAwait(false) is { } key && commit.Verify(key)))
            {
                throw XrpcException.InvalidRequest("The imported commit's signature matches neither the DID document's key nor the account's key here.");
            }

            return await writer.ImportAsync(did, signer, blocks, commit.Data, announce: account.Status == AccountStatus.Active, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.Release();
        }
    }

    private static async Task<(Commit Commit, MemoryBlockStore Blocks)> ReadCarAsync(Stream car, long maxCarBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = await CarReader.OpenAsync(car, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reader.Roots.Count != 1)
            {
                throw XrpcException.InvalidRequest("expected one root");
            }

            var store = new MemoryBlockStore();
            await foreach (var block in reader.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.BytesRead > maxCarBytes)
                {
                    throw XrpcException.PayloadTooLarge($"The repo CAR is too large: the limit is {maxCarBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes");
                }

                store.Put(block.Cid, block.Bytes);
            }

            var commitBytes = await store.GetBlockAsync(reader.Roots[0], cancellationToken).ConfigureAwait(false) ?? throw XrpcException.InvalidRequest("The CAR lacks its root commit block.");
            return (Commit.Decode(commitBytes.Span), store);
        }
        catch (Exception e) when (e is CarFormatException or CommitFormatException or Protocol.Data.DagCborFormatException)
        {
            throw XrpcException.InvalidRequest($"Could not read the repo CAR: {e.Message}");
        }
    }

    private async Task<PublicKey?> DocumentKeyAsync(Did did, CancellationToken cancellationToken)
    {
        var json = await didDocuments.GetDidDocumentAsync(did, cancellationToken).ConfigureAwait(false);
        return json is { } element ? DidDocument.FromJson(element).SigningKey : null;
    }
}
