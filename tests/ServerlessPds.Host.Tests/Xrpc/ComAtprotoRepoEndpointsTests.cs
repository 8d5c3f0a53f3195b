using System.Net;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Xrpc;

public sealed class ComAtprotoRepoEndpointsTests : IAsyncLifetime
{
    private const string Post = "app.bsky.feed.post";
    private readonly PdsApiFactory _pds = new();
    private TestAccount _alice = null!;
    private TestAccount _bob = null!;

    public async Task InitializeAsync()
    {
        _alice = await _pds.CreateAccountAsync("alice");
        _bob = await _pds.CreateAccountAsync("bob");
    }

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    private static object PostRecord(string text = "hello") => new { text, createdAt = "2024-01-01T00:00:00.000Z" };

    [Fact]
    public async Task CreateRecord_KnownLexicon_AnswersUriCidCommitValid()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = Post, record = PostRecord() }, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith($"at://{_alice.Did}/{Post}/", json["uri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("bafyrei", json["cid"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["cid", "rev"], json["commit"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("valid", json["validationStatus"]!.GetValue<string>());
        Assert.Equal(await HeadAsync(), json["commit"]!["cid"]!.GetValue<string>());
    }

    public static TheoryData<string, object, bool?, string?> ValidationCases => new()
    {
        { Post, PostRecord(), null, "valid" },
        { Post, PostRecord(), true, "valid" },
        { Post, new { text = 5 }, false, null },
        { "com.example.thing", new { anything = 1 }, null, "unknown" },
        { "com.example.thing", new { anything = 1 }, false, null },
    };

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public async Task CreateRecord_ValidateFlag_ValidationStatus(string collection, object record, bool? validate, string? expected)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Handle, collection, record, validate }, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, json["validationStatus"]?.GetValue<string>());
    }

    public static TheoryData<string, object, bool?> InvalidRecords => new()
    {
        { Post, new { text = "no createdAt" }, null },
        { Post, new { text = new string('x', 3001), createdAt = "2024-01-01T00:00:00.000Z" }, null },
        { Post, new Dictionary<string, object> { ["$type"] = "app.bsky.feed.like", ["text"] = "x" }, null },
        { "com.example.thing", new { anything = 1 }, true },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public async Task CreateRecord_Invalid_InvalidRequestAndNoCommit(string collection, object record, bool? validate)
    {
        var before = await HeadAsync();

        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection, record, validate }, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidRequest", json["error"]!.GetValue<string>());
        Assert.Equal(before, await HeadAsync());
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals => new()
    {
        { "none", HttpStatusCode.Unauthorized, "AuthenticationRequired" },
        { "bad", HttpStatusCode.BadRequest, "InvalidToken" },
        { "bob", HttpStatusCode.Unauthorized, "AuthenticationRequired" },
        { "staleSwap", HttpStatusCode.BadRequest, "InvalidSwap" },
        { "badSwap", HttpStatusCode.BadRequest, "InvalidRequest" },
        { "badCollection", HttpStatusCode.BadRequest, "InvalidRequest" },
        { "unknownRepo", HttpStatusCode.BadRequest, "InvalidRequest" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task CreateRecord_Refused_LexiconErrorAndNoCommit(string variant, HttpStatusCode expected, string error)
    {
        var (_, first) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = Post, record = PostRecord() }, _alice.AccessJwt);
        var stale = first["commit"]!["cid"]!.GetValue<string>();
        await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = _alice.Did, collection = Post, record = PostRecord() }, _alice.AccessJwt);
        var before = await HeadAsync();
        var token = variant switch { "none" => null, "bad" => "not.a.token", "bob" => _bob.AccessJwt, _ => _alice.AccessJwt };
        object input = variant switch
        {
            "staleSwap" => new { repo = _alice.Did, collection = Post, record = PostRecord(), swapCommit = stale },
            "badSwap" => new { repo = _alice.Did, collection = Post, record = PostRecord(), swapCommit = "nope" },
            "badCollection" => new { repo = _alice.Did, collection = "not an nsid", record = PostRecord() },
            "unknownRepo" => new { repo = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", collection = Post, record = PostRecord() },
            _ => new { repo = _alice.Did, collection = Post, record = PostRecord() },
        };

        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", input, token);

        Assert.Equal(expected, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
        Assert.Equal(before, await HeadAsync());
    }

    [Fact]
    public async Task CreateRecord_OversizeBody_PayloadTooLarge()
    {
        var body = new JsonObject { ["repo"] = _alice.Did, ["collection"] = "com.example.big", ["record"] = new JsonObject { ["x"] = new string('x', 1024 * 1024) } };

        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", body.ToJsonString(), _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("PayloadTooLarge", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutGetDelete_Profile_RoundTripsAndSwapsChecked()
    {
        var put = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.putRecord",
            new { repo = _alice.Did, collection = "app.bsky.actor.profile", rkey = "self", record = new { displayName = "Alice" } }, _alice.AccessJwt);
        var cid = put.Json["cid"]!.GetValue<string>();
        var get = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.getRecord", new { repo = "alice.test", collection = "app.bsky.actor.profile", rkey = "self" });
        var wrongSwap = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.deleteRecord",
            new { repo = _alice.Did, collection = "app.bsky.actor.profile", rkey = "self", swapRecord = put.Json["commit"]!["cid"]!.GetValue<string>() }, _alice.AccessJwt);
        var delete = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.deleteRecord",
            new { repo = _alice.Did, collection = "app.bsky.actor.profile", rkey = "self", swapRecord = cid }, _alice.AccessJwt);
        var gone = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.getRecord", new { repo = _alice.Did, collection = "app.bsky.actor.profile", rkey = "self" });

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("valid", put.Json["validationStatus"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(cid, get.Json["cid"]!.GetValue<string>());
        Assert.Equal("Alice", get.Json["value"]!["displayName"]!.GetValue<string>());
        Assert.Equal("app.bsky.actor.profile", get.Json["value"]!["$type"]!.GetValue<string>());
        Assert.Equal("InvalidSwap", wrongSwap.Json["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.NotNull(delete.Json["commit"]!["rev"]);
        Assert.Equal("RecordNotFound", gone.Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutRecord_ExplicitNullSwap_OnlyWhenAbsent()
    {
        const string Body = """{"repo":"DID","collection":"app.bsky.actor.profile","rkey":"self","record":{"displayName":"A"},"swapRecord":null}""";
        var body = Body.Replace("DID", _alice.Did, StringComparison.Ordinal);

        var first = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.putRecord", body, _alice.AccessJwt);
        var before = await HeadAsync();
        var second = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.putRecord", body, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("InvalidSwap", second.Json["error"]!.GetValue<string>());
        Assert.Equal(before, await HeadAsync());
    }

    [Fact]
    public async Task ListRecords_Pages_NewestFirstAndReverse()
    {
        foreach (var rkey in new[] { "3kaaaaaaaaa22", "3kaaaaaaaaa23", "3kaaaaaaaaa24" })
        {
            await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = _alice.Did, collection = Post, rkey, record = PostRecord(rkey) }, _alice.AccessJwt);
        }

        var first = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords", new { repo = _alice.Did, collection = Post, limit = 2 });
        var second = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords",
            new { repo = _alice.Did, collection = Post, limit = 2, cursor = first.Json["cursor"]!.GetValue<string>() });
        var reversed = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords", new { repo = _alice.Did, collection = Post, reverse = true });
        var tooMany = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords", new { repo = _alice.Did, collection = Post, limit = 101 });

        static IEnumerable<string> Texts(JsonNode json) => json["records"]!.AsArray().Select(r => r!["value"]!["text"]!.GetValue<string>());
        Assert.Equal(["3kaaaaaaaaa24", "3kaaaaaaaaa23"], Texts(first.Json));
        Assert.Equal(["3kaaaaaaaaa22"], Texts(second.Json));
        Assert.Equal(["3kaaaaaaaaa22", "3kaaaaaaaaa23", "3kaaaaaaaaa24"], Texts(reversed.Json));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
    }

    [Fact]
    public async Task ApplyWrites_CreateUpdateDelete_ResultsInOrder()
    {
        var created = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.applyWrites", new
        {
            repo = _alice.Did,
            writes = new object[]
            {
                new Dictionary<string, object> { ["$type"] = "com.atproto.repo.applyWrites#create", ["collection"] = Post, ["rkey"] = "3kaaaaaaaaa22", ["value"] = PostRecord("a") },
                new Dictionary<string, object> { ["$type"] = "com.atproto.repo.applyWrites#create", ["collection"] = Post, ["rkey"] = "3kaaaaaaaaa23", ["value"] = PostRecord("b") },
            },
        }, _alice.AccessJwt);
        var changed = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.applyWrites", new
        {
            repo = _alice.Did,
            swapCommit = created.Json["commit"]!["cid"]!.GetValue<string>(),
            writes = new object[]
            {
                new Dictionary<string, object> { ["$type"] = "com.atproto.repo.applyWrites#update", ["collection"] = Post, ["rkey"] = "3kaaaaaaaaa22", ["value"] = PostRecord("a2") },
                new Dictionary<string, object> { ["$type"] = "com.atproto.repo.applyWrites#delete", ["collection"] = Post, ["rkey"] = "3kaaaaaaaaa23" },
            },
        }, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(["valid", "valid"], created.Json["results"]!.AsArray().Select(r => r!["validationStatus"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(
            ["com.atproto.repo.applyWrites#updateResult", "com.atproto.repo.applyWrites#deleteResult"],
            changed.Json["results"]!.AsArray().Select(r => r!["$type"]!.GetValue<string>()));
        var list = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords", new { repo = _alice.Did, collection = Post });
        Assert.Equal(["a2"], list.Json["records"]!.AsArray().Select(r => r!["value"]!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DescribeRepo_AnswersCollectionsAndDidDoc()
    {
        await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = _alice.Did, collection = Post, record = PostRecord() }, _alice.AccessJwt);
        await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = _alice.Did, collection = "com.example.thing", record = new { a = 1 } }, _alice.AccessJwt);
        await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = _alice.Did, collection = Post, record = PostRecord() }, _alice.AccessJwt);

        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.describeRepo", new { repo = "alice.test" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([Post, "com.example.thing"], json["collections"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(_alice.Did, json["didDoc"]!["id"]!.GetValue<string>());
        Assert.True(json["handleIsCorrect"]!.GetValue<bool>());
    }

    private async Task<string> HeadAsync()
    {
        var (_, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: _alice.AccessJwt);
        return json["repoCommit"]!.GetValue<string>();
    }
}
