using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>
/// A test <see cref="IBlobReferences"/> that several processes share: a blob is referenced when the table has the row
/// (PartitionKey = DID, RowKey = CID).
/// </summary>
internal sealed class TableBlobReferences(TableClient table) : IBlobReferences
{
    public async Task<bool> IsReferencedAsync(Did did, Cid cid, CancellationToken cancellationToken = default) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(did.Value, cid.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;
}
