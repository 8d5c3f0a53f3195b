using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Reports repo figures for checkAccountStatus: the commit and rev from the repo head, and <c>expectedBlobs</c> /
/// <c>importedBlobs</c> from the blob reference rows and the blob catalog (<see cref="RepoBlobReport.CountAsync"/>).
/// Block and record counts are not tracked by the stores yet and are reported as 0.
/// </summary>
/// <remarks>Lexicon: com.atproto.server.checkAccountStatus.</remarks>
/// <param name="reader">The repo reader.</param>
/// <param name="blobs">The blob figures.</param>
public sealed class RepoHeadStatusSource(RepoReader reader, RepoBlobReport blobs) : IRepoStatusSource
{
    /// <inheritdoc/>
    public async Task<RepoStatus?> GetRepoStatusAsync(Did did, CancellationToken cancellationToken = default)
    {
        var head = await reader.GetHeadAsync(did, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return null;
        }

        var counts = await blobs.CountAsync(did, cancellationToken).ConfigureAwait(false);
        return new RepoStatus(head.CommitCid, head.Rev.Value, 0, 0, 0, counts.Expected, counts.Imported);
    }
}
