using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Proxy;

/// <summary>
/// Read-after-write on <c>getPostThread</c> and <c>getActorLikes</c>: the AppView stand-in answers with an
/// <c>atproto-repo-rev</c> older than the account's writes, and the PDS patches the newer records in as the reference.
/// </summary>
public sealed class ReadAfterWriteTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>, IAsyncLifetime
{
    private const string PostType = "app.bsky.feed.post";
    private const string ThreadViewPost = "app.bsky.feed.defs#threadViewPost";
    private const string BobDid = "did:plc:bobbobbobbobbobbobbobbob";

    private TestAccount _alice = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _alice = await fixture.Pds.CreateAccountAsync("alice" + Guid.NewGuid().ToString("N")[..8]);
        _client = fixture.Pds.CreateClient();
    }

    public Task DisposeAsync()
    {
        fixture.AppView.RepoRev = null;
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetPostThread_AppViewBehind_NewRepliesInsertedUnderTheirParents()
    {
        var root = await PostAsync("root", null);
        var bobReply = new Written($"at://{BobDid}/{PostType}/3kbobreply2aa", root.Cid, root.Rev);
        fixture.AppView.Threads[root.Uri] = Thread(root, _alice.Did, null,
            Thread(bobReply, BobDid, (root, root)));
        fixture.AppView.RepoRev = root.Rev;
        var toRoot = await PostAsync("to the root", (root, root));
        var toBob = await PostAsync("to bob", (root, bobReply));

        using var response = await _client.SendAsync(Get($"app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(root.Uri)}"));
        var thread = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["thread"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(root.Uri, (string?)thread["post"]!["uri"]);
        var replies = thread["replies"]!.AsArray();
        Assert.Equal(new string?[] { toRoot.Uri, bobReply.Uri }, replies.Select(r => (string?)r!["post"]!["uri"]));
        Assert.Equal(ThreadViewPost, (string?)replies[0]!["$type"]);
        Assert.Equal("to the root", (string?)replies[0]!["post"]!["record"]!["text"]);
        Assert.Equal(_alice.Did, (string?)replies[0]!["post"]!["author"]!["did"]);
        Assert.Equal(toBob.Uri, (string?)replies[1]!["replies"]![0]!["post"]!["uri"]);
        Assert.True(response.Headers.Contains("Atproto-Upstream-Lag"));
        Assert.Equal(root.Rev, response.Headers.GetValues("atproto-repo-rev").Single());

        fixture.AppView.RepoRev = toBob.Rev; // the AppView has caught up: its thread passes unchanged
        using var current = await _client.SendAsync(Get($"app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(root.Uri)}"));
        var unchanged = JsonNode.Parse(await current.Content.ReadAsStringAsync())!["thread"]!;
        Assert.Equal(new string?[] { bobReply.Uri }, unchanged["replies"]!.AsArray().Select(r => (string?)r!["post"]!["uri"]));
    }

    [Fact]
    public async Task GetPostThread_AppViewNotFound_OwnNewPostBuiltHereWithItsParentFromTheAppView()
    {
        var root = await PostAsync("root", null);
        fixture.AppView.Threads[root.Uri] = Thread(root, _alice.Did, null);
        fixture.AppView.RepoRev = root.Rev;
        var reply = await PostAsync("a reply", (root, root));
        var nested = await PostAsync("a reply to the reply", (root, reply));
        var byHandle = $"at://{_alice.Handle}/{PostType}/{reply.Uri[(reply.Uri.LastIndexOf('/') + 1)..]}";

        using var response = await _client.SendAsync(Get($"app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(byHandle)}&parentHeight=3"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var thread = JsonNode.Parse(body)!["thread"]!;
        Assert.Equal(ThreadViewPost, (string?)thread["$type"]);
        Assert.Equal(reply.Uri, (string?)thread["post"]!["uri"]);
        Assert.Equal("a reply", (string?)thread["post"]!["record"]!["text"]);
        Assert.Equal(root.Uri, (string?)thread["parent"]!["post"]!["uri"]);
        Assert.Equal(nested.Uri, (string?)thread["replies"]![0]!["post"]!["uri"]);
        Assert.True(response.Headers.Contains("Atproto-Upstream-Lag"));
        var parentCall = fixture.AppView.Calls.Last(c => c.Claims.Issuer == _alice.Did);
        Assert.Equal(("app.bsky.feed.getPostThread", root.Uri, "0", "3"),
            (parentCall.Nsid, parentCall.Query["uri"], parentCall.Query["depth"], parentCall.Query["parentHeight"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetPostThread_AppViewNotFound_OthersPostOrNothingNewer_NotFoundPassedOn(bool othersPost)
    {
        var root = await PostAsync("root", null);
        var post = await PostAsync("not indexed", null);
        fixture.AppView.RepoRev = othersPost ? root.Rev : post.Rev;
        var uri = othersPost ? $"at://{BobDid}/{PostType}/3kbobpost22aa" : post.Uri;

        using var response = await _client.SendAsync(Get($"app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(uri)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"{{\"error\":\"NotFound\",\"message\":\"Post not found: {uri}\"}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetActorLikes_AppViewBehind_CallersNewDisplayNameOnTheirPostsInAnyonesLikes()
    {
        var liked = await PostAsync("liked", null);
        fixture.AppView.RepoRev = liked.Rev;
        fixture.AppView.Likes =
        [
            new JsonObject { ["post"] = PostView(liked, _alice.Did, "Stale Name", null) },
            new JsonObject { ["post"] = PostView(new Written($"at://{BobDid}/{PostType}/3kbobpost22aa", liked.Cid, liked.Rev), BobDid, "Bob", null) },
        ];
        var (status, _) = await XrpcTestCalls.CallAsync(_client, HttpMethod.Post, "com.atproto.repo.putRecord", new
        {
            repo = _alice.Did, collection = "app.bsky.actor.profile", rkey = "self",
            record = new Dictionary<string, object> { ["$type"] = "app.bsky.actor.profile", ["displayName"] = "Fresh Name" },
        }, _alice.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);

        using var response = await _client.SendAsync(Get($"app.bsky.feed.getActorLikes?actor={BobDid}"));
        var feed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["feed"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new string?[] { "Fresh Name", "Bob" }, feed.Select(i => (string?)i!["post"]!["author"]!["displayName"]));
        Assert.Equal(liked.Uri, (string?)feed[0]!["post"]!["uri"]);
    }

    private async Task<Written> PostAsync(string text, (Written Root, Written Parent)? reply)
    {
        var record = new Dictionary<string, object> { ["$type"] = PostType, ["text"] = text, ["createdAt"] = DateTime.UtcNow.ToString("O") };
        if (reply is ({ } root, { } parent))
        {
            record["reply"] = new { root = new { uri = root.Uri, cid = root.Cid }, parent = new { uri = parent.Uri, cid = parent.Cid } };
        }
        var (status, created) = await XrpcTestCalls.CallAsync(_client, HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = PostType, record }, _alice.AccessJwt);
        Assert.True(status == HttpStatusCode.OK, created.ToJsonString());
        return new Written((string)created["uri"]!, (string)created["cid"]!, (string)created["commit"]!["rev"]!);
    }

    private static JsonObject PostView(Written post, string author, string displayName, (Written Root, Written Parent)? reply)
    {
        var record = new JsonObject { ["$type"] = PostType, ["text"] = "indexed", ["createdAt"] = "2026-01-01T00:00:00.000Z" };
        if (reply is ({ } root, { } parent))
        {
            record["reply"] = new JsonObject
            {
                ["root"] = new JsonObject { ["uri"] = root.Uri, ["cid"] = root.Cid },
                ["parent"] = new JsonObject { ["uri"] = parent.Uri, ["cid"] = parent.Cid },
            };
        }
        return new JsonObject
        {
            ["uri"] = post.Uri, ["cid"] = post.Cid,
            ["author"] = new JsonObject { ["did"] = author, ["handle"] = "someone.test", ["displayName"] = displayName },
            ["record"] = record, ["indexedAt"] = "2026-01-01T00:00:00.000Z",
        };
    }

    private static JsonObject Thread(Written post, string author, (Written Root, Written Parent)? reply, params JsonObject[] replies) => new()
    {
        ["$type"] = ThreadViewPost, ["post"] = PostView(post, author, "Indexed", reply), ["replies"] = new JsonArray(replies),
    };

    private HttpRequestMessage Get(string pathAndQuery) =>
        new(HttpMethod.Get, "/xrpc/" + pathAndQuery) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", _alice.AccessJwt) } };

    private sealed record Written(string Uri, string Cid, string Rev);
}
