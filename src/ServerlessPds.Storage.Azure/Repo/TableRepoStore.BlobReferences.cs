using Azure;
using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>
/// Blob reference rows <c>l:&lt;cid&gt; &lt;collection&gt; &lt;rkey&gt;</c> (Cid, Path): written and deleted by the
/// commit's transaction, or with its index changes when those are too many for one ("index debt"). Both reads finish
/// any index debt first, so they never see a head whose reference rows are unfinished.
/// </content>
public sealed partial class TableRepoStore : IBlobReferenceIndex
{
    /// <inheritdoc/>
    /// <remarks>One head read (finishing any index debt) and one range read of at most one row.</remarks>
    /// <exception cref="Protocol.Xrpc.XrpcException">503 <c>ServiceUnavailable</c> when storage cannot be reached.</exception>
    public Task<bool> IsReferencedAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            await ReadHeadEntityAsync(did, cancellationToken).ConfigureAwait(false);
            var rows = await QueryAsync(RangeFilter(did, TableKeys.BlobReferenceRange(cid)), 1, cancellationToken).ConfigureAwait(false);
            return rows.Count > 0;
        });
    }

    /// <inheritdoc/>
    /// <remarks>One head read (finishing any index debt), then one forward range read of the <c>l:</c> rows that skips
    /// the further rows of a blob referenced by several records.</remarks>
    /// <exception cref="Protocol.Xrpc.XrpcException">503 <c>ServiceUnavailable</c> when storage cannot be reached.</exception>
    public Task<BlobReferencePage> ListReferencedBlobsAsync(Did did, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageFailures.GuardAsync(async () =>
        {
            await ReadHeadEntityAsync(did, cancellationToken).ConfigureAwait(false);
            var filter = cursor is null
                ? TableQueries.Range(TableKeys.Partition(did), TableKeys.BlobReferencePrefix, inclusive: true, TableKeys.BlobReferenceEnd)
                : TableQueries.Range(TableKeys.Partition(did), TableKeys.BlobReferencePrefix + cursor + "!", inclusive: false, TableKeys.BlobReferenceEnd);
            var want = limit == int.MaxValue ? limit : limit + 1;
            var blobs = new List<BlobReference>();
            var pages = _table.QueryAsync<TableEntity>(filter, (int)Math.Min(want, TableLimits.MaxEntitiesPerPage), cancellationToken: cancellationToken);
            await foreach (var page in pages.AsPages().ConfigureAwait(false))
            {
                foreach (var row in page.Values)
                {
                    var reference = ReadBlobReferenceRow(row);
                    if (blobs.Count == 0 || blobs[^1].Cid != reference.Cid)
                    {
                        blobs.Add(reference);
                    }
                    else if (string.CompareOrdinal(reference.Path.Value, blobs[^1].Path.Value) < 0)
                    {
                        blobs[^1] = reference;
                    }
                }

                if (blobs.Count >= want)
                {
                    break;
                }
            }

            var result = blobs.Take(limit).ToList();
            return new BlobReferencePage(result, blobs.Count > limit ? result[^1].Cid.ToString() : null);
        });
    }

    private static List<TableTransactionAction> BlobReferenceActions(string pk, IEnumerable<(BlobReference Reference, bool Keep)> changes) =>
        changes.Select(c =>
        {
            var rowKey = TableKeys.BlobReference(c.Reference.Cid, c.Reference.Path);
            return c.Keep
                ? TableQueries.Upsert(new TableEntity(pk, rowKey).Set("Cid", c.Reference.Cid.ToString()).Set("Path", c.Reference.Path.Value))
                : TableQueries.Delete(pk, rowKey, ETag.All);
        }).ToList();

    private static BlobReference ReadBlobReferenceRow(TableEntity entity) =>
        new(Cid.Parse(Required(entity, "Cid")), RepoPath.Parse(Required(entity, "Path")));
}
