using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>What the <c>com.atproto.sync.*</c> handlers share: the repo head lookup, CAR output and account status names.</summary>
/// <remarks>Spec: atproto.com/specs/sync ("CAR File Format"); atproto.com/specs/account ("Account Status").</remarks>
public static class SyncOutput
{
    /// <summary>The media type of CAR responses.</summary>
    public const string CarContentType = "application/vnd.ipld.car";

    /// <summary>Reads a repo's head.</summary>
    /// <param name="repos">The repo store.</param>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head.</returns>
    /// <exception cref="XrpcException">400 <c>RepoNotFound</c> when the account has no repo.</exception>
    public static async Task<RepoHead> RequireHeadAsync(IRepoStore repos, Did did, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repos);
        return await repos.GetHeadAsync(did, cancellationToken) ?? throw XrpcException.RepoNotFound(did);
    }

    /// <summary>A CAR v1 of blocks already read (so nothing can fail before the first byte but the client going away), sent chunked.</summary>
    /// <param name="roots">The CAR's roots (none for getBlocks).</param>
    /// <param name="blocks">The blocks, in order.</param>
    /// <returns>The result.</returns>
    public static XrpcResult Car(IReadOnlyList<Cid> roots, IReadOnlyList<RepoBlock> blocks) =>
        XrpcResult.Stream(CarContentType, async (body, cancellationToken) =>
        {
            var car = await CarWriter.CreateAsync(body, roots, cancellationToken);
            await using (car)
            {
                foreach (var block in blocks)
                {
                    await car.WriteBlockAsync(block.Cid, block.Bytes, cancellationToken);
                }
            }
        });

    /// <summary>The lexicon's name of an account status that is not active.</summary>
    /// <param name="status">The status.</param>
    /// <returns><c>takendown</c>, <c>deactivated</c> or <c>deleted</c>; <see langword="null"/> when active.</returns>
    public static string? StatusName(AccountStatus status) => status switch
    {
        AccountStatus.Takendown => "takendown",
        AccountStatus.Deactivated => "deactivated",
        AccountStatus.Deleted => "deleted",
        _ => null,
    };
}
