using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Reports repo figures for checkAccountStatus from the repo head: the commit and rev. Block, record and blob counts
/// are not tracked by the stores yet and are reported as 0.
/// </summary>
/// <remarks>Lexicon: com.atproto.server.checkAccountStatus.</remarks>
/// <param name="reader">The repo reader.</param>
public sealed class RepoHeadStatusSource(RepoReader reader) : IRepoStatusSource
{
    /// <inheritdoc/>
    public async Task<RepoStatus?> GetRepoStatusAsync(Did did, CancellationToken cancellationToken = default)
    {
        var head = await reader.GetHeadAsync(did, cancellationToken).ConfigureAwait(false);
        return head is null ? null : new RepoStatus(head.CommitCid, head.Rev.Value, 0, 0, 0, 0, 0);
    }
}
