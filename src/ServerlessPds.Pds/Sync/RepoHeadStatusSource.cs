using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// Reports repo figures for checkAccountStatus: the commit and rev from the repo head, and <c>expectedBlobs</c> /
/// <c>importedBlobs</c> from the blob reference rows and the blob catalog (<see cref="RepoBlobReport.CountAsync"/>),
/// <c>repoBlocks</c> and <c>indexedRecords</c> from the blocks and records the head reaches
/// (<see cref="RepoSizeCounter"/>, one partition scan: this call is rare, made by migration tools after an import).
/// </summary>
/// <remarks>Lexicon: com.atproto.server.checkAccountStatus.</remarks>
/// <param name="reader">The repo reader.</param>
/// <param name="blobs">The blob figures.</param>
/// <param name="sizes">The block and record counts.</param>
public sealed class RepoHeadStatusSource(RepoReader reader, RepoBlobReport blobs, RepoSizeCounter sizes) : IRepoStatusSource
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
        var size = await sizes.CountAsync(did, head, cancellationToken).ConfigureAwait(false);
        return new RepoStatus(head.CommitCid, head.Rev.Value, size.Blocks, size.Records, 0, counts.Expected, counts.Imported);
    }
}
