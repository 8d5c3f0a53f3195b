using System.Net;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;
using static ServerlessPds.Host.Tests.Hostile.HostilePds;

namespace ServerlessPds.Host.Tests.Hostile;

/// <summary>Issue 15, item 5: sessions, the login lock-out, unreferenced blobs, nosniff and deleteRecord of a missing record.</summary>
public sealed class HostileAuthTests(HostilePds app) : IClassFixture<HostilePds>
{
    private Task<(HttpStatusCode Status, JsonNode Json)> CallAsync(HttpMethod method, string nsid, object? body = null, string? token = null) =>
        XrpcTestCalls.CallAsync(app.Client, method, nsid, body, token);

    [Fact]
    public async Task AccessToken_AfterDeleteSession_IsRejected()
    {
        var account = await app.CreateAccountAsync();
        var (_, session) = await CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = account.Handle, password = account.Password });
        var access = session["accessJwt"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: access)).Status);

        var deleted = await CallAsync(HttpMethod.Post, "com.atproto.server.deleteSession", token: session["refreshJwt"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        var (status, json) = await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: access);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidToken", json["error"]!.GetValue<string>());
        var write = await CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = account.Did, collection = "com.example.note", record = new { text = "after logout" } }, access);
        Assert.Equal(HttpStatusCode.BadRequest, write.Status);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: account.AccessJwt)).Status);
    }

    [Fact]
    public async Task AccessToken_AfterRefresh_KeepsWorkingUntilItsSessionEnds()
    {
        var account = await app.CreateAccountAsync();
        var (_, refreshed) = await CallAsync(HttpMethod.Post, "com.atproto.server.refreshSession", token: account.RefreshJwt);

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: account.AccessJwt)).Status);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: refreshed["accessJwt"]!.GetValue<string>())).Status);
        await CallAsync(HttpMethod.Post, "com.atproto.server.deleteSession", token: refreshed["refreshJwt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: account.AccessJwt)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: refreshed["accessJwt"]!.GetValue<string>())).Status);
    }

    [Fact]
    public async Task AccessToken_AfterItsAppPasswordIsRevoked_IsRejected()
    {
        var account = await app.CreateAccountAsync();
        var (_, created) = await CallAsync(HttpMethod.Post, "com.atproto.server.createAppPassword", new { name = "phone" }, account.AccessJwt);
        var (_, session) = await CallAsync(HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = account.Handle, password = created["password"]!.GetValue<string>() });
        var access = session["accessJwt"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: access)).Status);

        var revoked = await CallAsync(HttpMethod.Post, "com.atproto.server.revokeAppPassword", new { name = "phone" }, account.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        var (status, json) = await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: access);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidToken", json["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: account.AccessJwt)).Status);
    }

    [Fact]
    public async Task Login_LockOut_CountsHandleDidAndEmailTogether()
    {
        var account = await app.CreateAccountAsync();
        string[] identifiers = [account.Handle, account.Did, account.Handle.Replace(".test", "@example.com", StringComparison.Ordinal)];
        for (var i = 0; i < 30; i++)
        {
            var (status, _) = await CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = identifiers[i % 3], password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        foreach (var identifier in identifiers)
        {
            var (status, json) = await CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier, password = account.Password });
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.Equal("RateLimitExceeded", json["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task GetBlob_BlobNoRecordReferences_AnswersBlobNotFound()
    {
        var account = await app.CreateAccountAsync();
        var upload = await app.PostRawAsync("com.atproto.repo.uploadBlob", Body([1, 2, 3, 4, 5], "application/octet-stream"), account.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, upload.Status);
        var blob = upload.Json["blob"]!;
        var cid = blob["ref"]!["$link"]!.GetValue<string>();

        var before = await CallAsync(HttpMethod.Get, "com.atproto.sync.getBlob", new { did = account.Did, cid });
        var missing = await CallAsync(HttpMethod.Get, "com.atproto.repo.listMissingBlobs", token: account.AccessJwt);
        var record = await CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = account.Did, collection = "com.example.file", record = new JsonObject { ["file"] = blob.DeepClone() } }, account.AccessJwt);
        using var after = await app.Client.GetAsync($"/xrpc/com.atproto.sync.getBlob?did={Uri.EscapeDataString(account.Did)}&cid={cid}");

        Assert.Equal(HttpStatusCode.BadRequest, before.Status);
        Assert.Equal("BlobNotFound", before.Json["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.Equal(HttpStatusCode.OK, record.Status);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal([1, 2, 3, 4, 5], await after.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task JsonResponses_CarryNosniff()
    {
        using var ok = await app.Client.GetAsync("/xrpc/com.atproto.server.describeServer");
        using var error = await app.Client.GetAsync("/xrpc/com.atproto.repo.describeRepo?repo=nobody.test");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("nosniff", Assert.Single(ok.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("nosniff", Assert.Single(error.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task DeleteRecord_MissingRecord_Answers200WithNoCommit()
    {
        var account = await app.CreateAccountAsync();
        var (_, head) = await CallAsync(HttpMethod.Get, "com.atproto.sync.getLatestCommit", new { did = account.Did });
        var seq = await app.Pds.LatestSeqAsync();

        var (status, json) = await CallAsync(HttpMethod.Post, "com.atproto.repo.deleteRecord",
            new { repo = account.Did, collection = "com.example.note", rkey = "missing", swapRecord = "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454" }, account.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", json.ToJsonString());
        Assert.Equal(head.ToJsonString(), (await CallAsync(HttpMethod.Get, "com.atproto.sync.getLatestCommit", new { did = account.Did })).Json.ToJsonString());
        Assert.Equal(seq, await app.Pds.LatestSeqAsync());
    }
}
