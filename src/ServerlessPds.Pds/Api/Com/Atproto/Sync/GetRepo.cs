using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.getRepo</c>: a repo as a CAR (<c>application/vnd.ipld.car</c>), streamed with its
/// <c>Content-Length</c> when a snapshot knows it. Auth: none (the owner or the admin may read a repo that is not
/// active, see <see cref="RepoReadAccess"/>). Parameters <c>did</c>, <c>since</c> (a rev: only the blocks newer than it).
/// </summary>
/// <remarks>
/// The export is planned before the result is returned, so a failure is still an XRPC error. Errors: 400
/// <c>InvalidRequest</c> (bad parameters), 400 <c>RepoNotFound</c>, <c>RepoTakendown</c>, <c>RepoDeactivated</c>.
/// Lexicon: com.atproto.sync.getRepo; spec atproto.com/specs/sync.
/// </remarks>
/// <param name="access">The availability check.</param>
/// <param name="repos">Reads the head.</param>
/// <param name="exporter">Plans and writes the export.</param>
public sealed class GetRepo(RepoReadAccess access, IRepoStore repos, RepoExporter exporter) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.getRepo");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = await access.RequireServableDidAsync(call);
        var since = call.GetOptional<Tid>("since");
        var head = await SyncOutput.RequireHeadAsync(repos, did, call.Aborted);
        var export = await exporter.PrepareAsync(did, head, since, call.Aborted);
        return XrpcResult.Stream(SyncOutput.CarContentType, async (body, cancellationToken) =>
        {
            await using (export)
            {
                await export.WriteToAsync(body, cancellationToken);
            }
        }, export.Length);
    }
}
