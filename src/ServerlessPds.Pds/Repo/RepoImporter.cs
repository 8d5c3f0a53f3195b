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
    /// <summary>Imports a repo CAR into the account's repo.</summary>
    /// <param name="did">The account (the authenticated caller).</param>
    /// <param name="car">The CAR v1 bytes: one root, the commit; the MST nodes and records it reaches.</param>
    /// <param name="cancellationToken">A token that cancels the import before it is stored.</param>
    /// <returns>The new commit.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>AccountNotFound</c>; 400 <c>InvalidRequest</c> when the CAR is malformed, has not exactly one root,
    /// lacks the commit, an MST node or a record, its commit is for another DID or its signature matches no key of
    /// the account; as <see cref="RepoWriter.ImportAsync"/>. Nothing is stored in these cases.
    /// </exception>
    public async Task<RepoCommitResult> ImportAsync(Did did, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var account = await accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.BadRequest(AccountErrorNames.AccountNotFound, "Account not found");
        var (commit, blocks) = ReadCar(car);
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

    private static (Commit Commit, MemoryBlockStore Blocks) ReadCar(ReadOnlyMemory<byte> car)
    {
        try
        {
            var contents = CarReader.ReadAll(car.Span);
            if (contents.Roots.Count != 1)
            {
                throw XrpcException.InvalidRequest("expected one root");
            }

            if (!contents.TryGetBlock(contents.Roots[0], out var commitBytes))
            {
                throw XrpcException.InvalidRequest("The CAR lacks its root commit block.");
            }

            var store = new MemoryBlockStore();
            foreach (var block in contents.Blocks)
            {
                store.Put(block.Cid, block.Bytes);
            }

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
