using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class AzuriteOutageTests
{
    [Fact]
    public async Task Requests_WhileAzuriteIsDown_FailFastAsUnavailableThenWorkAfterRestart()
    {
        await using var server = await AzuriteServer.StartNewAsync();
        var connection = StorageConnection.FromConnectionString(server.ConnectionString, QuickRetries());
        var table = connection.GetTableClient("outage");
        var blob = connection.GetBlobContainerClient("outage").GetBlobClient("b");
        await table.CreateIfNotExistsAsync();
        await table.InsertAsync(new TableEntity("pk", "before").Set("V", 1));

        await server.StopAsync();
        var clock = Stopwatch.StartNew();
        var tableError = await Assert.ThrowsAnyAsync<Exception>(() => table.InsertAsync(new TableEntity("pk", "during")));
        var blobError = await Assert.ThrowsAnyAsync<Exception>(() => blob.UploadAsync(new BinaryData(new byte[] { 1 })));
        clock.Stop();
        await server.StartAsync();
        await table.CreateIfNotExistsAsync();
        await table.InsertAsync(new TableEntity("pk", "after").Set("V", 2));

        Assert.True(server.IsRunning);
        Assert.True(StorageErrors.IsUnavailable(tableError), tableError.ToString());
        Assert.True(StorageErrors.IsUnavailable(blobError), blobError.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"failing took {clock.Elapsed}");
        Assert.Equal(2, (await table.GetAsync("pk", "after"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Shutdown_PersistentServer_KeepsDataAcrossRestart()
    {
        await using var server = await AzuriteServer.StartNewAsync(persistent: true);
        var connection = StorageConnection.FromConnectionString(server.ConnectionString, QuickRetries());
        var table = connection.GetTableClient("kept");
        var blobs = connection.GetBlobContainerClient("kept");
        await table.CreateIfNotExistsAsync();
        await blobs.CreateIfNotExistsAsync();
        await table.InsertAsync(new TableEntity("pk", "rk").Set("V", 7));
        await blobs.GetBlobClient("b").UploadAsync(new BinaryData(new byte[] { 1, 2, 3 }));

        await server.ShutdownAsync();
        Assert.False(server.IsRunning);
        await server.StartAsync();

        Assert.Equal(7, (await table.GetAsync("pk", "rk"))!.GetInt32("V"));
        Assert.Equal(3, (await blobs.GetBlobClient("b").GetPropertiesAsync()).Value.ContentLength);
    }

    [Fact]
    public async Task Status_Answered_IsNotUnavailableButPreconditionFailed()
    {
        await using var server = await AzuriteServer.StartNewAsync();
        var table = StorageConnection.FromConnectionString(server.ConnectionString, QuickRetries()).GetTableClient("stale");
        await table.CreateIfNotExistsAsync();
        var first = await table.InsertAsync(new TableEntity("pk", "rk").Set("V", 1));
        await table.UpdateAsync(new TableEntity("pk", "rk").Set("V", 2), first);

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateAsync(new TableEntity("pk", "rk").Set("V", 3), first));

        Assert.Equal(412, stale.Status);
        Assert.True(StorageErrors.IsPreconditionFailed(stale));
        Assert.False(StorageErrors.IsUnavailable(stale));
    }

    private static StorageClientOptions QuickRetries() => new()
    {
        MaxRetries = 2,
        Delay = TimeSpan.FromMilliseconds(20),
        NetworkTimeout = TimeSpan.FromSeconds(5),
    };
}
