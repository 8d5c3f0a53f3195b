using System.Diagnostics;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class AzuriteOutageTests
{
    [Fact]
    public async Task Requests_WhileAzuriteIsDown_FailFastWithUnavailableThenWorkAfterRestart()
    {
        await using var server = await AzuriteServer.StartNewAsync();
        var connection = StorageConnection.FromConnectionString(server.ConnectionString, QuickRetries());
        var table = connection.GetTableClient("outage");
        var blobs = connection.GetBlobContainerClient("outage");
        await table.CreateIfNotExistsAsync();
        await table.InsertAsync(new TableEntity("pk", "before").Set("V", 1));

        await server.StopAsync();
        var clock = Stopwatch.StartNew();
        var tableError = await Assert.ThrowsAsync<StorageUnavailableException>(() => table.InsertAsync(new TableEntity("pk", "during")));
        var blobError = await Assert.ThrowsAsync<StorageUnavailableException>(() => blobs.PutAsync("b", new byte[] { 1 }));
        clock.Stop();
        await server.StartAsync();
        await table.CreateIfNotExistsAsync();
        await table.InsertAsync(new TableEntity("pk", "after").Set("V", 2));

        Assert.True(server.IsRunning);
        Assert.Equal(0, tableError.Status);
        Assert.Equal(0, blobError.Status);
        Assert.Contains("could not be reached", tableError.Message, StringComparison.Ordinal);
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
        await blobs.PutAsync("b", new byte[] { 1, 2, 3 });

        await server.ShutdownAsync();
        Assert.False(server.IsRunning);
        await server.StartAsync();

        Assert.Equal(7, (await table.GetAsync("pk", "rk"))!.GetInt32("V"));
        Assert.Equal(3, (await blobs.GetPropertiesAsync("b"))!.ContentLength);
    }

    private static StorageClientOptions QuickRetries()
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }
}
