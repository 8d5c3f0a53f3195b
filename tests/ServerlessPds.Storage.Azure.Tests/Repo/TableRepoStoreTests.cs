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

/// <summary>What only the Azure layout has to get right: commits over one transaction, rows over 1 MiB, keys over 512 characters.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRepoStoreTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(200)]
    public async Task ApplyWritesAsync_CommitOverOneTransaction_StoresBlocksFirstAndIndexInChunks(int count)
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);

        await writer.ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, count).Select(i => EngineHarness.Create($"3k{i:D3}", $"post {i}"))]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse($"3k{i:D3}"))
            : RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse($"3k{i:D3}"), EngineHarness.Post($"edited {i}")))]);

        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(3, chain.Count);
        var descending = await ListAllAsync(h, EngineHarness.Posts, reverse: false, pageSize: 7);
        Assert.Equal(Enumerable.Range(0, count).Where(i => i % 2 == 1).Reverse().Select(i => $"3k{i:D3}"), descending);
        var record = await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, RecordKey.Parse("3k001"));
        Assert.Equal("edited 1", ((DataMap)record!.Value).GetString("text"));
        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
        var leftovers = await RowsAsync(names, "x:");
        Assert.Empty(leftovers);
        Assert.Null((await azurite.Connection.GetTableClient(names.ReposTable).GetAsync(h.Did.Value, "head"))!.GetString("Debt"));
    }

    [Fact]
    public async Task ApplyWritesAsync_RecordsOfAboutOneMegabyte_GoToBlobsAndReadBack()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        static DataMap Big(char c) => DataMap.Of(("$type", DataValue.From(EngineHarness.Posts.Value)), ("text", DataValue.From(new string(c, 990_000))));

        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, RecordKey.Parse("3big1"), Big('a'))]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, RecordKey.Parse("3big2"), Big('b'))]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse("3big1"), Big('c')), EngineHarness.Create("3small", "s")]);

        var read = await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, RecordKey.Parse("3big1"));
        Assert.Equal(new string('c', 990_000), ((DataMap)read!.Value).GetString("text"));
        Assert.True(DagCbor.Encode(read.Value).Length > BinaryChunks.MaxInlineBytes);
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
        var blobs = azurite.Connection.GetBlobContainerClient(names.BlocksContainer);
        Assert.True((await blobs.GetBlobClient($"{h.Did.Value}/{read.Cid}").ExistsAsync()).Value);
        var scanned = new List<RepoBlock>();
        await foreach (var block in ((TableRepoStore)h.Repos).ScanBlocksAsync(h.Did))
        {
            scanned.Add(block);
        }

        Assert.All(scanned, b => Assert.True(b.Cid.Matches(b.Bytes.Span), $"block {b.Cid} does not match its bytes"));
        Assert.Contains(scanned, b => b.Cid == read.Cid);
        Assert.Contains(scanned, b => b.Cid == chain[^1].Cid);
    }

    [Fact]
    public async Task ApplyWritesAsync_KeysOverTheTableLimit_AreHashedAndStillFoundAndListed()
    {
        using var h = AzureRepoStorage.Harness(azurite.Connection);
        var did = Did.Parse("did:web:example.com:" + string.Join(':', Enumerable.Range(0, 10).Select(i => $"{i}{new string('u', 59)}")));
        var collection = Nsid.Parse(string.Join('.', "abcd".Select(c => new string(c, 63))) + ".longCollection");
        var rkeys = new[] { "3a", "3b" + new string('x', 510), "3c" + new string('y', 400), "3d" + new string('z', 509) + "1", "3d" + new string('z', 509) + "2", "3e" };
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(did, h.Key);

        await writer.ApplyWritesAsync(did, h.Key, [.. rkeys.Select(k => RepoWrite.Create(collection, RecordKey.Parse(k), DataMap.Of(("text", DataValue.From(k[..2])))))]);
        await writer.ApplyWritesAsync(did, h.Key, [RepoWrite.Delete(collection, RecordKey.Parse(rkeys[1]))]);

        var kept = rkeys.Where((_, i) => i != 1).ToList();
        foreach (var rkey in kept)
        {
            Assert.Equal(rkey[..2], ((DataMap)(await h.Reader.GetRecordAsync(did, collection, RecordKey.Parse(rkey)))!.Value).GetString("text"));
        }

        Assert.Null(await h.Reader.GetRecordAsync(did, collection, RecordKey.Parse(rkeys[1])));
        var ascending = await ListAllAsync(h, collection, reverse: true, pageSize: 2, did);
        var descending = await ListAllAsync(h, collection, reverse: false, pageSize: 2, did);
        Assert.Equal(kept.Order(StringComparer.Ordinal), ascending.Order(StringComparer.Ordinal));
        Assert.Equal(kept.Order(StringComparer.Ordinal), descending.Order(StringComparer.Ordinal));
        Assert.Equal(["3a", "3c", "3d", "3d", "3e"], ascending.Select(k => k[..2]));
        Assert.Equal(["3e", "3d", "3d", "3c", "3a"], descending.Select(k => k[..2]));
        await h.SweepUntilCleanAsync();
        var head = await h.Repos.GetHeadAsync(did);
        Assert.Equal(3, (await h.Log.ReadAsync(0, 100)).Count(e => e.Did == did && e.Event.Type == Protocol.Sync.CommitEvent.TypeName));
        Assert.NotNull(await h.Repos.GetBlockAsync(did, head!.CommitCid));
    }

    [Fact]
    public void TableKeys_LongestKeys_FitTheTableLimitAndKeepCollectionRanges()
    {
        var collection = Nsid.Parse(string.Join('.', "abcd".Select(c => new string(c, 63))) + "." + new string('n', 61));
        var longest = RepoPath.Create(collection, RecordKey.Parse(new string('~', RecordKey.MaxLength)));
        var did = Did.Parse("did:web:" + new string('a', Did.MaxLength - 8));

        string[] keys = [TableKeys.Record(longest), TableKeys.RecordDescending(longest), TableKeys.Partition(did), TableKeys.Dedupe(did, Tid.Parse("3jzfcijpj2z2a")), TableKeys.Pending(did)];

        Assert.All(keys, k => Assert.InRange(k.Length, 1, TableLimits.MaxKeyChars));
        Assert.All(keys, k => Assert.DoesNotContain(k, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)));
        Assert.StartsWith(TableKeys.RecordPrefix(collection), keys[0], StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(keys[0], TableKeys.RangeEnd(TableKeys.RecordPrefix(collection))) < 0);
        Assert.True(string.CompareOrdinal(TableKeys.RecordDescending(RepoPath.Create(collection, RecordKey.Parse("ab"))), TableKeys.RecordDescending(RepoPath.Create(collection, RecordKey.Parse("a")))) < 0);
        Assert.True(string.CompareOrdinal(TableKeys.RecordDescending(RepoPath.Create(collection, RecordKey.Parse("b"))), TableKeys.RecordDescending(RepoPath.Create(collection, RecordKey.Parse("ab")))) < 0);
    }

    private static async Task<List<string>> ListAllAsync(EngineHarness h, Nsid collection, bool reverse, int pageSize, Did? did = null)
    {
        var rkeys = new List<string>();
        RecordKey? cursor = null;
        do
        {
            var page = await h.Reader.ListRecordsAsync(did ?? h.Did, collection, pageSize, cursor, reverse);
            rkeys.AddRange(page.Records.Select(r => r.Uri.Rkey!.Value));
            cursor = page.Cursor;
        }
        while (cursor is not null);
        return rkeys;
    }

    private async Task<List<TableEntity>> RowsAsync(AzureRepoStorageNames names, string prefix)
    {
        return await azurite.Connection.GetTableClient(names.ReposTable).QueryRowsAsync(
            TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {TableQueries.PrefixEnd(prefix)}"), int.MaxValue);
    }
}
