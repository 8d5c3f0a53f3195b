using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Storage;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Blobs;

/// <summary>The <see cref="IBlobStore"/> contract tests, on <see cref="TableBlobStore"/> (small blocks, so uploads take several).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableBlobStoreContractTests(AzuriteFixture azurite) : MemoryBlobStoreTests
{
    private readonly Dictionary<IBlobStore, AzureBlobStorageNames> _names = [];

    internal override async Task<IBlobStore> NewStoreAsync(TimeProvider time)
    {
        var names = AzureBlobStorageNames.WithPrefix(azurite.NewTableName("b"));
        await TableBlobStore.CreateTablesAndContainersAsync(azurite.Connection, names);
        var store = new TableBlobStore(azurite.Connection, names, time, BlobLimits.MinBlockBytes);
        _names[store] = names;
        return store;
    }

    internal override async Task<int> CountBytesAsync(IBlobStore store)
    {
        var count = 0;
        await foreach (var page in azurite.Connection.GetBlobContainerClient(_names[store].BlobsContainer).GetBlobsAsync().AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }
}
