using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// A call of <see cref="IRepoWriteSerializer.ApplyWritesAsync"/> as a message (JSON through System.Text.Json), for a
/// serialiser that runs the commit elsewhere: the DID, its writes, <c>swapCommit</c> as a CID string, and the call's
/// <see cref="Id"/>, which makes a repeated delivery of the message apply once (<see cref="RepoWriter.ApplyWritesOnceAsync"/>).
/// </summary>
/// <param name="Did">The repo's DID.</param>
/// <param name="Writes">The writes, in order.</param>
/// <param name="SwapCommit">The CID the current commit must have, or <see langword="null"/>.</param>
public sealed record RepoWriteRequest(string Did, IReadOnlyList<RepoWriteMessage> Writes, string? SwapCommit)
{
    /// <summary>Gets the call's id: 32 lowercase hex digits, new for each call made by <see cref="From"/>, kept by every copy of the message.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>Builds the message of a call.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="writes">The writes.</param>
    /// <param name="swapCommit">The expected current commit, or <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    public static RepoWriteRequest From(Did did, IReadOnlyList<RepoWrite> writes, Cid? swapCommit)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(writes);
        return new(did.Value, [.. writes.Select(RepoWriteMessage.From)], swapCommit?.ToString());
    }

    /// <summary>Applies the call with <paramref name="writer"/> and the account's key, at most once per <see cref="Id"/>
    /// (<see cref="RepoWriter.ApplyWritesOnceAsync"/>: a repeated delivery answers the first commit), and answers it as a
    /// message: an XRPC error is an answer too (<see cref="RepoWriteOutcome.Failed"/>), so the caller raises the very
    /// error the compare-and-swap path raises. Anything else is thrown.</summary>
    /// <param name="writer">The writer that applies the commit.</param>
    /// <param name="signers">The accounts' signing keys.</param>
    /// <param name="cancellationToken">A token that cancels the work before the commit is stored.</param>
    /// <returns>The outcome.</returns>
    public async Task<RepoWriteOutcome> ApplyAsync(RepoWriter writer, Accounts.IAccountSigners signers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(signers);
        try
        {
            var did = Protocol.Syntax.Did.Parse(Did);
            var signer = await signers.GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
            var result = await writer.ApplyWritesOnceAsync(
                did, signer, Id, [.. Writes.Select(w => w.ToWrite())], SwapCommit is null ? null : Cid.Parse(SwapCommit), cancellationToken).ConfigureAwait(false);
            return RepoWriteOutcome.Succeeded(result);
        }
        catch (Protocol.Xrpc.XrpcException e)
        {
            return RepoWriteOutcome.Failed(e);
        }
    }
}
