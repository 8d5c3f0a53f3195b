using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tests.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;
using Xunit.Abstractions;

namespace ServerlessPds.Storage.Azure.Tests.Blobs;

/// <summary>
/// Two OS processes (tests/ServerlessPds.StressWorker <c>blobgc</c>) collect the same blob store at once while this
/// process claims blobs: exactly the old, unreferenced, unclaimed blobs (and upload leftovers) go; every blob referenced,
/// fresh, or successfully claimed stays, bytes included.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobGcProcessTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Sweep_TwoProcessesWhileClaiming_DeletesExactlyTheCollectable()
    {
        var prefix = azurite.NewTableName("gc");
        var names = AzureBlobStorageNames.WithPrefix(prefix);
        await TableBlobStore.CreateTablesAndContainersAsync(azurite.Connection, names);
        var referencesTable = azurite.Connection.GetTableClient(prefix + "refs");
        await referencesTable.CreateIfNotExistsAsync();
        var old = new TableBlobStore(azurite.Connection, names, new ShiftedTimeProvider(TimeSpan.FromHours(-2)));
        var now = new TableBlobStore(azurite.Connection, names);
        var dids = Enumerable.Range(0, 3).Select(i => Did.Parse($"did:plc:gcprocess{i}aaaaaaaaaaaaaaa")).ToList();
        var seed = 0;
        async Task<StoredBlob> UploadAsync(IBlobStore store, Did did) =>
            await new BlobUploader(store, 1_000_000).UploadAsync(did, new MemoryStream(MemoryBlobStoreTestsBytes(++seed)), "image/png");

        var collectable = new List<StoredBlob>();
        var referenced = new List<StoredBlob>();
        var fresh = new List<StoredBlob>();
        var contested = new List<StoredBlob>();
        for (var i = 0; i < 60; i++)
        {
            var did = dids[i % dids.Count];
            collectable.Add(await UploadAsync(old, did));
            contested.Add(await UploadAsync(old, did));
            if (i % 3 == 0)
            {
                var blob = await UploadAsync(old, did);
                referenced.Add(blob);
                await referencesTable.InsertAsync(new TableEntity(did.Value, blob.Cid.ToString()));
                fresh.Add(await UploadAsync(now, did));
                await old.StageAsync(did, new MemoryStream(MemoryBlobStoreTestsBytes(++seed)));
            }
        }

        // Claim while the sweeps run: once the first deletion shows, from the far end of the sweeps' (DID, CID) order,
        // so that some claims come before the collectors reach their blob and some after.
        var rows = await CountRowsAsync(names);
        var workers = Enumerable.Range(0, 2).Select(w => StartWorker(prefix, w)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await CountRowsAsync(names) >= rows && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var claims = new List<(StoredBlob Blob, bool Claimed)>();
        foreach (var blob in contested.OrderByDescending(b => b.Did.Value + " " + b.Cid, StringComparer.Ordinal))
        {
            claims.Add((blob, await now.ClaimAsync(blob.Did, blob.Cid) is not null));
        }

        foreach (var worker in workers)
        {
            var lines = await worker.StandardOutput.ReadToEndAsync();
            var errors = await worker.StandardError.ReadToEndAsync();
            await worker.WaitForExitAsync();
            Assert.True(worker.ExitCode == 0, $"worker exit {worker.ExitCode}: {errors}\n{lines}");
            output.WriteLine(lines);
        }

        output.WriteLine($"contested blobs: {claims.Count(c => c.Claimed)} claimed in time, {claims.Count(c => !c.Claimed)} collected first");
        var survivors = referenced.Concat(fresh).Concat(claims.Where(c => c.Claimed).Select(c => c.Blob)).ToList();
        var gone = collectable.Concat(claims.Where(c => !c.Claimed).Select(c => c.Blob)).ToList();
        foreach (var blob in survivors)
        {
            var handle = await now.OpenAsync(blob.Did, blob.Cid);
            Assert.NotNull(handle);
            await using var bytes = await handle.ReadAsync(0, blob.Size);
            using var copy = new MemoryStream();
            await bytes.CopyToAsync(copy);
            Assert.Equal(blob.Cid, Cid.ComputeRaw(copy.ToArray()));
        }

        foreach (var blob in gone)
        {
            Assert.Null(await now.GetAsync(blob.Did, blob.Cid));
        }

        Assert.Equal(survivors.Count, await CountAsync(names));
        Assert.Equal(survivors.Count, await CountRowsAsync(names));
        Assert.NotEmpty(gone);
    }

    private static byte[] MemoryBlobStoreTestsBytes(int seed) => Pds.Tests.Storage.MemoryBlobStoreTests.Bytes(2000, seed);

    private async Task<int> CountAsync(AzureBlobStorageNames names)
    {
        var count = 0;
        await foreach (var page in azurite.Connection.GetBlobContainerClient(names.BlobsContainer).GetBlobsAsync().AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    private async Task<int> CountRowsAsync(AzureBlobStorageNames names)
    {
        var count = 0;
        await foreach (var page in azurite.Connection.GetTableClient(names.BlobsTable).QueryAsync<TableEntity>().AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    private Process StartWorker(string prefix, int worker)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     StressWorkerProcess.WorkerDll, "blobgc", "--connection", azurite.ConnectionString, "--prefix", prefix,
                     "--refs-table", prefix + "refs", "--grace-seconds", "3600", "--rounds", "3",
                     "--worker", worker.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
