using Azure.Storage.Blobs.Models;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Pds.Tests.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The getRepo snapshot tests over <see cref="TableRepoStore"/> and <see cref="BlobRepoSnapshotStore"/> on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRepoSnapshotExportTests(AzuriteFixture azurite) : RepoSnapshotExportTests
{
    private readonly Dictionary<IRepoSnapshotStore, AzureRepoStorageNames> _names = [];

    internal override (EngineHarness Harness, IRepoSnapshotStore Snapshots) NewStores()
    {
        var names = AzureRepoStorage.Create(azurite.Connection);
        var snapshots = new BlobRepoSnapshotStore(azurite.Connection, names);
        _names[snapshots] = names;
        return (AzureRepoStorage.Harness(azurite.Connection, names), snapshots);
    }

    internal override async Task TamperAsync(IRepoSnapshotStore snapshots, Did did, Func<byte[], byte[]> change)
    {
        var container = azurite.Connection.GetBlobContainerClient(_names[snapshots].SnapshotsContainer);
        var name = TableKeys.Partition(did);
        byte[] bytes;
        IDictionary<string, string> metadata;
        var download = (await container.GetBlobClient(name).DownloadContentAsync()).Value;
        bytes = download.Content.ToArray();
        metadata = download.Details.Metadata;
        await container.GetBlobClient(name).UploadAsync(new BinaryData(change(bytes)), new BlobUploadOptions { Metadata = metadata });
    }
}
