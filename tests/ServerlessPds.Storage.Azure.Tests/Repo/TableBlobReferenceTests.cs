using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The blob reference rows of the Azure layout: exactly one per (blob, record), also across index debt and crashes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableBlobReferenceTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BigCommit_CrashAtEveryStorageRequest_ReadersFinishTheRowsAndTheyMatchTheHead(bool afterSend)
    {
        var baseline = new KillSwitchPolicy();
        var (clean, cleanNames) = await RunWriterAsync(baseline);
        using (clean)
        {
            await AssertRowsMatchHeadAsync(clean, cleanNames, "clean run");
        }

        Assert.InRange(baseline.Requests, 8, 200);
        for (var n = 1; n <= baseline.Requests; n++)
        {
            var kill = new KillSwitchPolicy { KillAt = n, AfterSend = afterSend };
            var (h, names) = await RunWriterAsync(kill);
            using var disposeHarness = h;
            await AssertRowsMatchHeadAsync(h, names, $"crash {(afterSend ? "after" : "before")} request {n} of {baseline.Requests} ({kill.Log[n - 1]})");
        }
    }

    [Fact]
    public async Task BlobReferenceRows_KeysOverTheTableLimit_AreHashedAndStillFound()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var collection = Nsid.Parse(string.Join('.', "abcd".Select(c => new string(c, 63))) + ".longCollection");
        var rkey = "3b" + new string('x', 510);
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blob = RepoBlobReferenceTests.Upload(h, "long");

        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(collection, RecordKey.Parse(rkey), DataMap.Of(("image", new BlobRef(blob.Cid, blob.MimeType, blob.Size).ToData())))]);

        var row = Assert.Single(await RowsAsync(names));
        Assert.Equal(TableLimits.MaxKeyChars, row.RowKey.Length);
        Assert.Equal($"{collection}/{rkey}", row.GetString("Path"));
        Assert.True(await ((IBlobReferences)h.Repos).IsReferencedAsync(h.Did, blob.Cid));
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Delete(collection, RecordKey.Parse(rkey))]);
        Assert.Empty(await RowsAsync(names));
        Assert.False(await ((IBlobReferences)h.Repos).IsReferencedAsync(h.Did, blob.Cid));
    }

    /// <summary>
    /// On fresh tables: a repo with 40 records that each reference a blob (written cleanly), then through
    /// <paramref name="kill"/> one commit of 45 creates, 3 updates and 2 deletes, all with blobs: index debt.
    /// </summary>
    private async Task<(EngineHarness Harness, AzureRepoStorageNames Names)> RunWriterAsync(KillSwitchPolicy kill)
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var blobs = Enumerable.Range(0, 100).Select(i => RepoBlobReferenceTests.Upload(h, $"blob {i}")).ToArray();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, 40).Select(i => RepoBlobReferenceTests.Create($"3d{i:D2}", blobs[i]))]);
        var killable = AzureRepoStorage.Connect(azurite, perCall: kill);
        var writer = h.NewWriter(new TableRepoStore(killable, names), new TablePendingDirectory(killable, names, h.Time), new TableEventLog(killable, names, h.Time));
        try
        {
            await writer.ApplyWritesAsync(h.Did, h.Key,
            [
                .. Enumerable.Range(0, 45).Select(i => RepoBlobReferenceTests.Create($"3n{i:D2}", blobs[40 + i], blobs[i % 3])),
                RepoBlobReferenceTests.Update("3d00", blobs[90]), RepoBlobReferenceTests.Update("3d01", blobs[1], blobs[91]), RepoBlobReferenceTests.Update("3d02", blobs[92]),
                RepoBlobReferenceTests.Delete("3d03"), RepoBlobReferenceTests.Delete("3d04"),
            ]);
        }
        catch (SimulatedCrashException)
        {
        }

        return (h, names);
    }

    /// <summary>Asks a fresh store first whether a blob is referenced (which must finish any index debt), then compares every row with the records at the head.</summary>
    private async Task AssertRowsMatchHeadAsync(EngineHarness h, AzureRepoStorageNames names, string why)
    {
        try
        {
            await ((IBlobReferences)h.Repos).IsReferencedAsync(h.Did, Cid.ComputeRaw([0]));
            Assert.Null((await azurite.Connection.GetTableClient(names.ReposTable).GetAsync(h.Did.Value, "head"))!.GetString("Debt"));
            var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, pageSize: 25);
            var rows = (await RowsAsync(names)).Select(r => (r.GetString("Cid")!, r.GetString("Path")!)).Order().ToList();
            Assert.Equal(expected.SelectMany(e => e.Value.Select(p => (e.Key, p))).Order(), rows);
            await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Rows wrong after {why}: {e.Message}", e);
        }
    }

    private async Task<List<TableEntity>> RowsAsync(AzureRepoStorageNames names)
    {
        return await azurite.Connection.GetTableClient(names.ReposTable).QueryRowsAsync(
            TableClient.CreateQueryFilter($"RowKey ge {TableKeys.BlobReferencePrefix} and RowKey lt {TableQueries.PrefixEnd(TableKeys.BlobReferencePrefix)}"), int.MaxValue);
    }
}
