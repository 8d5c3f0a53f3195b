using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

public sealed class ComAtprotoSyncEndpointsTests : IAsyncLifetime
{
    private const string Post = "app.bsky.feed.post";
    private readonly PdsApiFactory _pds = new();
    private TestAccount _alice = null!;

    public async Task InitializeAsync() => _alice = await _pds.CreateAccountAsync("alice");

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task GetRepo_AfterWritesUpdatesAndDeletes_IsACarOfExactlyTheCurrentRecords()
    {
        var rkeys = new List<string>();
        var cids = new Dictionary<string, string>();
        for (var i = 0; i < 8; i++)
        {
            var (uri, cid) = await CreatePostAsync($"post {i}");
            rkeys.Add(uri.Split('/')[^1]);
            cids[rkeys[^1]] = cid;
        }

        var (_, updated) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.putRecord",
            new { repo = _alice.Did, collection = Post, rkey = rkeys[0], record = PostRecord("edited") }, _alice.AccessJwt);
        var oldCid = cids[rkeys[0]];
        cids[rkeys[0]] = updated["cid"]!.GetValue<string>();
        await DeleteAsync(rkeys[1]);
        var deletedCid = cids[rkeys[1]];
        cids.Remove(rkeys[1]);

        using var response = await _pds.SendAsync(HttpMethod.Get, "com.atproto.sync.getRepo", new { did = _alice.Did });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.ipld.car", response.Content.Headers.ContentType?.MediaType);
        var car = CarReader.ReadAll(await response.Content.ReadAsByteArrayAsync());

        var latest = await LatestCommitAsync();
        Assert.Equal([latest.Cid], car.Roots.Select(r => r.ToString()));
        var records = await RecordsAsync(car);
        Assert.Equal(cids.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ($"{Post}/{p.Key}", p.Value)), records);
        Assert.DoesNotContain(car.Blocks, b => b.Cid.ToString() == deletedCid || b.Cid.ToString() == oldCid);
    }

    [Fact]
    public async Task GetRepo_Since_HoldsOnlyTheNewBlocks()
    {
        await CreatePostAsync("before");
        var before = await LatestCommitAsync();
        var (_, cid) = await CreatePostAsync("after");

        using var full = await _pds.SendAsync(HttpMethod.Get, "com.atproto.sync.getRepo", new { did = _alice.Did });
        using var diff = await _pds.SendAsync(HttpMethod.Get, "com.atproto.sync.getRepo", new { did = _alice.Did, since = before.Rev });
        var fullCar = CarReader.ReadAll(await full.Content.ReadAsByteArrayAsync());
        var diffCar = CarReader.ReadAll(await diff.Content.ReadAsByteArrayAsync());

        Assert.Equal(fullCar.Roots, diffCar.Roots);
        Assert.Contains(diffCar.Blocks, b => b.Cid.ToString() == cid);
        Assert.True(diffCar.Blocks.Count < fullCar.Blocks.Count);
        Assert.All(diffCar.Blocks, b => Assert.Contains(fullCar.Blocks, f => f.Cid == b.Cid));
    }

    public static TheoryData<string, object, string> BadRequests => new()
    {
        { "com.atproto.sync.getRepo", new { did = "not-a-did" }, "InvalidRequest" },
        { "com.atproto.sync.getRepo", new { did = "did:plc:nobody234567abcdefghij" }, "RepoNotFound" },
        { "com.atproto.sync.getRepo", new { did = "{alice}", since = "not-a-tid" }, "InvalidRequest" },
        { "com.atproto.sync.getLatestCommit", new { did = "did:plc:nobody234567abcdefghij" }, "RepoNotFound" },
        { "com.atproto.sync.getLatestCommit", new { }, "InvalidRequest" },
        { "com.atproto.sync.getRecord", new { did = "{alice}", collection = "not an nsid", rkey = "a" }, "InvalidRequest" },
        { "com.atproto.sync.getRecord", new { did = "{alice}", collection = Post }, "InvalidRequest" },
        { "com.atproto.sync.getBlocks", new { did = "{alice}" }, "InvalidRequest" },
        { "com.atproto.sync.getBlocks", new { did = "{alice}", cids = "nope" }, "InvalidRequest" },
        { "com.atproto.sync.getBlocks", new { did = "{alice}", cids = "bafyreidfayvfuwqa7qlnopdjiqrxzs6blmoeu4rujcjtnci5beludirz2a" }, "BlockNotFound" },
        { "com.atproto.sync.getRepoStatus", new { did = "did:plc:nobody234567abcdefghij" }, "RepoNotFound" },
        { "com.atproto.sync.listRepos", new { limit = 0 }, "InvalidRequest" },
        { "com.atproto.sync.listRepos", new { limit = 1001 }, "InvalidRequest" },
        { "com.atproto.sync.listRepos", new { cursor = "not-a-did" }, "InvalidRequest" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task SyncQuery_BadInput_Answers400WithTheLexiconError(string nsid, object query, string error)
    {
        var parameters = System.Text.Json.JsonSerializer.SerializeToNode(query)!.AsObject();
        if (parameters["did"]?.GetValue<string>() == "{alice}")
        {
            parameters["did"] = _alice.Did;
        }

        var (status, json) = await CallWithQueryAsync(nsid, parameters);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetLatestCommit_AfterAWrite_AnswersItsCommit()
    {
        var (_, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = Post, record = PostRecord("x") }, _alice.AccessJwt);

        var latest = await LatestCommitAsync();

        Assert.Equal((json["commit"]!["cid"]!.GetValue<string>(), json["commit"]!["rev"]!.GetValue<string>()), latest);
    }

    [Fact]
    public async Task GetRecord_LiveAndDeleted_AnswersAProofOfTheRecordAndOfItsAbsence()
    {
        var (uri, cid) = await CreatePostAsync("proved");
        var rkey = uri.Split('/')[^1];

        var live = await GetRecordCarAsync(rkey);
        Assert.Equal(cid, (await ProveAsync(live, $"{Post}/{rkey}"))?.ToString());
        Assert.Contains(live.Blocks, b => b.Cid.ToString() == cid);

        await DeleteAsync(rkey);
        var gone = await GetRecordCarAsync(rkey);
        Assert.Null(await ProveAsync(gone, $"{Post}/{rkey}"));
        Assert.DoesNotContain(gone.Blocks, b => b.Cid.ToString() == cid);
    }

    [Fact]
    public async Task GetBlocks_StoredCids_AnswersACarOfThem()
    {
        var latest = await LatestCommitAsync();

        using var response = await _pds.SendAsync(HttpMethod.Get, "com.atproto.sync.getBlocks", new { did = _alice.Did, cids = latest.Cid });

        var car = CarReader.ReadAll(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(car.Roots);
        Assert.Equal(latest.Cid, Assert.Single(car.Blocks).Cid.ToString());
    }

    [Fact]
    public async Task GetRepoStatus_ActiveDeactivatedTakendown_ReportsStatusAndRevWhenActive()
    {
        var (_, active) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.sync.getRepoStatus", new { did = _alice.Did });
        Assert.True(active["active"]!.GetValue<bool>());
        Assert.Equal((await LatestCommitAsync()).Rev, active["rev"]!.GetValue<string>());
        Assert.Null(active["status"]);

        await DeactivateAsync(_alice);
        var (_, deactivated) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.sync.getRepoStatus", new { did = _alice.Did });
        Assert.False(deactivated["active"]!.GetValue<bool>());
        Assert.Equal("deactivated", deactivated["status"]!.GetValue<string>());
        Assert.Null(deactivated["rev"]);

        await TakeDownAsync(_alice.Did);
        var (_, takendown) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.sync.getRepoStatus", new { did = _alice.Did });
        Assert.Equal("takendown", takendown["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListRepos_Pages_EveryRepoWithHeadRevAndStatus()
    {
        var bob = await _pds.CreateAccountAsync("bob");
        var carol = await _pds.CreateAccountAsync("carol");
        await DeactivateAsync(bob);
        var expected = new[] { _alice.Did, bob.Did, carol.Did }.Order(StringComparer.Ordinal).ToList();

        var (_, first) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.sync.listRepos", new { limit = 2 });
        var (_, second) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.sync.listRepos", new { limit = 2, cursor = first["cursor"]!.GetValue<string>() });

        var repos = first["repos"]!.AsArray().Concat(second["repos"]!.AsArray()).ToList();
        Assert.Equal(expected, repos.Select(r => r!["did"]!.GetValue<string>()));
        Assert.Null(second["cursor"]);
        var bobRepo = repos.Single(r => r!["did"]!.GetValue<string>() == bob.Did)!;
        Assert.Equal((false, "deactivated"), (bobRepo["active"]!.GetValue<bool>(), bobRepo["status"]!.GetValue<string>()));
        var aliceRepo = repos.Single(r => r!["did"]!.GetValue<string>() == _alice.Did)!;
        var latest = await LatestCommitAsync();
        Assert.Equal((latest.Cid, latest.Rev, true), (aliceRepo["head"]!.GetValue<string>(), aliceRepo["rev"]!.GetValue<string>(), aliceRepo["active"]!.GetValue<bool>()));
    }

    public static TheoryData<string> PublicReads => new()
    {
        "com.atproto.sync.getRepo",
        "com.atproto.sync.getLatestCommit",
        "com.atproto.sync.getRecord",
        "com.atproto.sync.getBlocks",
        "com.atproto.repo.getRecord",
        "com.atproto.repo.listRecords",
        "com.atproto.repo.describeRepo",
    };

    [Theory]
    [MemberData(nameof(PublicReads))]
    public async Task PublicRead_InactiveRepo_RefusedExceptToItsOwnerAndTheAdmin(string nsid)
    {
        var (_, rkeyCid) = await CreatePostAsync("hidden");
        var (uri, _) = await CreatePostAsync("hidden too");
        var rkey = uri.Split('/')[^1];
        var query = new JsonObject
        {
            ["did"] = _alice.Did, ["repo"] = _alice.Did, ["collection"] = Post, ["rkey"] = rkey, ["cids"] = rkeyCid,
        };
        Assert.Equal(HttpStatusCode.OK, (await CallWithQueryAsync(nsid, query)).Status);

        await DeactivateAsync(_alice);
        var (status, json) = await CallWithQueryAsync(nsid, query);
        Assert.Equal((HttpStatusCode.BadRequest, "RepoDeactivated"), (status, json["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await CallWithQueryAsync(nsid, query, new("Bearer", _alice.AccessJwt))).Status);

        await TakeDownAsync(_alice.Did);
        (status, json) = await CallWithQueryAsync(nsid, query);
        Assert.Equal((HttpStatusCode.BadRequest, "RepoTakendown"), (status, json["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await CallWithQueryAsync(nsid, query, PdsApiFactory.Admin())).Status);
        var bob = await _pds.CreateAccountAsync("bob");
        Assert.Equal(HttpStatusCode.BadRequest, (await CallWithQueryAsync(nsid, query, new("Bearer", bob.AccessJwt))).Status);
    }

    private static object PostRecord(string text) => new { text, createdAt = "2024-01-01T00:00:00.000Z" };

    private async Task<(string Uri, string Cid)> CreatePostAsync(string text)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = Post, record = PostRecord(text) }, _alice.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);
        return (json["uri"]!.GetValue<string>(), json["cid"]!.GetValue<string>());
    }

    private async Task DeleteAsync(string rkey)
    {
        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.deleteRecord", new { repo = _alice.Did, collection = Post, rkey }, _alice.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<(string Cid, string Rev)> LatestCommitAsync()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.sync.getLatestCommit", new { did = _alice.Did });
        Assert.Equal(HttpStatusCode.OK, status);
        return (json["cid"]!.GetValue<string>(), json["rev"]!.GetValue<string>());
    }

    private async Task<CarContents> GetRecordCarAsync(string rkey)
    {
        using var response = await _pds.SendAsync(HttpMethod.Get, "com.atproto.sync.getRecord", new { did = _alice.Did, collection = Post, rkey });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return CarReader.ReadAll(await response.Content.ReadAsByteArrayAsync());
    }

    private async Task DeactivateAsync(TestAccount account)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deactivateAccount", new { }, account.AccessJwt);
        Assert.True(status == HttpStatusCode.OK, json.ToString());
    }

    private async Task TakeDownAsync(string did)
    {
        var store = _pds.Services.GetRequiredService<IAccountStore>();
        var account = (await store.GetAccountAsync(Did.Parse(did)))!;
        Assert.True(await store.TryReplaceAccountAsync(account with { TakedownRef = "test" }));
    }

    private async Task<(HttpStatusCode Status, JsonNode Json)> CallWithQueryAsync(
        string nsid, JsonObject parameters, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null)
    {
        var query = string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value!.ToJsonString())}"));
        using var client = _pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/xrpc/{nsid}?{query}");
        request.Headers.Authorization = authorization;
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType == "application/json";
        return (response.StatusCode, isJson && bytes.Length > 0 ? JsonNode.Parse(bytes)! : new JsonObject());
    }

    /// <summary>The (path, CID) of every record in a repo CAR, read through its MST.</summary>
    private static async Task<List<(string, string)>> RecordsAsync(CarContents car)
    {
        var store = new MemoryBlockStore(car.Blocks.Select(b => (b.Cid, b.Bytes.ToArray())));
        var commit = Commit.Decode((await store.GetBlockAsync(car.Roots[0]))!.Value.Span);
        var records = new List<(string, string)>();
        await foreach (var entry in Mst.Load(store, commit.Data).ListAsync())
        {
            Assert.True(store.Contains(entry.Value));
            records.Add((entry.Key, entry.Value.ToString()));
        }

        Assert.Equal(records.Count + 1 + await CountNodesAsync(store, commit.Data), car.Blocks.Count);
        return records;
    }

    private static async Task<int> CountNodesAsync(MemoryBlockStore store, Cid root)
    {
        var count = 0;
        await foreach (var _ in Mst.Load(store, root).WalkBlocksAsync())
        {
            count++;
        }

        return count;
    }

    /// <summary>The CID a getRecord CAR proves for a path (null: proven absent), after checking its root commit is in it.</summary>
    private static async Task<Cid?> ProveAsync(CarContents car, string path)
    {
        var store = new MemoryBlockStore(car.Blocks.Select(b => (b.Cid, b.Bytes.ToArray())));
        var commit = Commit.Decode((await store.GetBlockAsync(car.Roots[0]))!.Value.Span);
        return await Mst.Load(store, commit.Data).GetAsync(path);
    }
}
