using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>uploadBlob, getBlob and listBlobs through real Kestrel on real Azurite.</summary>
public sealed class ComAtprotoBlobEndpointsTests(BlobHostApp app) : IClassFixture<BlobHostApp>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    [Theory]
    [InlineData(0L, true)]
    [InlineData(1L, true)]
    [InlineData(5L * 1000 * 1000, true)]
    [InlineData(5L * 1000 * 1000, false)]
    [InlineData(PdsOptions.DefaultBlobUploadLimitBytes, true)]
    public async Task UploadBlob_ThenGetBlob_ReturnsIdenticalBytes(long size, bool declareLength)
    {
        var account = await app.CreateAccountAsync();
        var content = new PatternContent(size, seed: (int)(size % 1000) + 7, declareLength);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-test");
        using var upload = await app.UploadAsync(content, account.AccessJwt);
        var text = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.StatusCode == HttpStatusCode.OK, text);
        var blob = JsonNode.Parse(text)!["blob"]!;
        await app.CreateRecordReferencingAsync(account, blob);
        var sha256 = PatternContent.Sha256(size, (int)(size % 1000) + 7);
        var cid = Cid.FromSha256(Cid.RawCodec, sha256).ToString();
        Assert.Equal("blob", blob["$type"]!.GetValue<string>());
        Assert.Equal(cid, blob["ref"]!["$link"]!.GetValue<string>());
        Assert.Equal("application/x-test", blob["mimeType"]!.GetValue<string>());
        Assert.Equal(size, blob["size"]!.GetValue<long>());
        Assert.Equal(["$type", "mimeType", "ref", "size"], blob.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        using var download = await app.GetBlobAsync(account.Did, cid, completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(size, download.Content.Headers.ContentLength);
        Assert.Equal("application/x-test", download.Content.Headers.ContentType!.MediaType);
        await using var body = await download.Content.ReadAsStreamAsync();
        Assert.Equal(sha256, await SHA256.HashDataAsync(body));
    }

    [Fact]
    public async Task UploadBlob_SameBytesTwice_SameCidAndOneStoredCopy()
    {
        var account = await app.CreateAccountAsync();
        var bytes = PatternContent.Bytes(300_000, 3);
        var first = await app.UploadBytesAsync(bytes, "image/x-first", account.AccessJwt);
        var second = await app.UploadBytesAsync(bytes, "image/x-second", account.AccessJwt);

        Assert.Equal(first["ref"]!["$link"]!.GetValue<string>(), second["ref"]!["$link"]!.GetValue<string>());
        Assert.Equal("image/x-first", second["mimeType"]!.GetValue<string>());
        Assert.Equal((1, 1), await app.CountStoredAsync(account.Did));
    }

    [Theory]
    [InlineData("bytes=0-0", 206, 0, 1)]
    [InlineData("bytes=0-99", 206, 0, 100)]
    [InlineData("bytes=100-199", 206, 100, 100)]
    [InlineData("bytes=500-", 206, 500, 500)]
    [InlineData("bytes=999-999", 206, 999, 1)]
    [InlineData("bytes=990-5000", 206, 990, 10)]
    [InlineData("bytes=-100", 206, 900, 100)]
    [InlineData("bytes=-1", 206, 999, 1)]
    [InlineData("bytes=-5000", 206, 0, 1000)]
    [InlineData("bytes=0-", 206, 0, 1000)]
    [InlineData("bytes=1000-", 416, 0, 0)]
    [InlineData("bytes=5000-6000", 416, 0, 0)]
    [InlineData("bytes=-0", 416, 0, 0)]
    [InlineData("bytes=5-2", 200, 0, 1000)]
    [InlineData("bytes=0-1,5-6", 200, 0, 1000)]
    [InlineData("items=0-5", 200, 0, 1000)]
    [InlineData("bytes=abc-", 200, 0, 1000)]
    public async Task GetBlob_Range_ReturnsExactlyTheAskedBytes(string range, int status, int offset, int length)
    {
        var account = await app.CreateAccountAsync();
        var bytes = PatternContent.Bytes(1000, 11);
        var cid = (await app.PublishBytesAsync(bytes, "application/octet-stream", account.AccessJwt))["ref"]!["$link"]!.GetValue<string>();

        using var response = await app.GetBlobAsync(account.Did, cid, h => h.TryAddWithoutValidation("Range", range));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 416)
        {
            Assert.Equal("bytes */1000", response.Content.Headers.GetValues("Content-Range").Single());
            Assert.Empty(body);
            return;
        }

        Assert.Equal(bytes.AsSpan(offset, length).ToArray(), body);
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(status == 206 ? $"bytes {offset}-{offset + length - 1}/1000" : null,
            response.Content.Headers.TryGetValues("Content-Range", out var values) ? values.Single() : null);
    }

    [Fact]
    public async Task GetBlob_RangeOfEmptyBlobOrStaleIfRange_IsUnsatisfiableOrWhole()
    {
        var account = await app.CreateAccountAsync();
        var empty = (await app.PublishBytesAsync([], "text/plain", account.AccessJwt))["ref"]!["$link"]!.GetValue<string>();
        var bytes = PatternContent.Bytes(100, 12);
        var cid = (await app.PublishBytesAsync(bytes, "text/plain", account.AccessJwt))["ref"]!["$link"]!.GetValue<string>();

        using var unsatisfiable = await app.GetBlobAsync(account.Did, empty, h => h.TryAddWithoutValidation("Range", "bytes=0-"));
        using var stale = await app.GetBlobAsync(account.Did, cid, h =>
        {
            h.TryAddWithoutValidation("Range", "bytes=0-9");
            h.TryAddWithoutValidation("If-Range", "\"bafkreisomethingelse\"");
        });
        using var fresh = await app.GetBlobAsync(account.Did, cid, h =>
        {
            h.TryAddWithoutValidation("Range", "bytes=0-9");
            h.TryAddWithoutValidation("If-Range", $"\"{cid}\"");
        });

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal("bytes */0", unsatisfiable.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(bytes, await stale.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, fresh.StatusCode);
        Assert.Equal(bytes[..10], await fresh.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetBlob_HtmlDeclaredAsPng_IsServedInertAsPng()
    {
        var account = await app.CreateAccountAsync();
        var html = Encoding.UTF8.GetBytes("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
        var blob = await app.PublishBytesAsync(html, "image/png", account.AccessJwt);
        var cid = blob["ref"]!["$link"]!.GetValue<string>();

        using var response = await app.GetBlobAsync(account.Did, cid);

        Assert.Equal("image/png", blob["mimeType"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.Equal(html, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("image/jpeg", "image/png")]
    [InlineData("text/html", "image/png")]
    [InlineData("IMAGE/PNG; charset=x", "image/png")]
    public async Task UploadBlob_PngBytes_StoresTheSniffedType(string declared, string stored)
    {
        var account = await app.CreateAccountAsync();

        var blob = await app.PublishBytesAsync(Png, declared, account.AccessJwt);
        using var response = await app.GetBlobAsync(account.Did, blob["ref"]!["$link"]!.GetValue<string>());

        Assert.Equal(stored, blob["mimeType"]!.GetValue<string>());
        Assert.Equal(stored, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task UploadBlob_ClientDisconnectsMidBody_LeavesNothing()
    {
        var account = await app.CreateAccountAsync();
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
            var stream = socket.GetStream();
            var head = "POST /xrpc/com.atproto.repo.uploadBlob HTTP/1.1\r\n"
                + $"Host: {app.BaseAddress.Authority}\r\nAuthorization: Bearer {account.AccessJwt}\r\n"
                + "Content-Type: image/jpeg\r\nContent-Length: 10000000\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(PatternContent.Bytes(6_000_000, 5));
            await stream.FlushAsync();

            // The upload is under way once its staging row exists; only then go away.
            var started = DateTime.UtcNow.AddSeconds(60);
            while ((await app.CountStoredAsync(account.Did)).Rows == 0 && DateTime.UtcNow < started)
            {
                await Task.Delay(50);
            }

            Assert.Equal(1, (await app.CountStoredAsync(account.Did)).Rows);
        }

        // The server notices the abort on its next read; wait for its clean-up (bounded), then check that nothing is left.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var stored = await app.CountStoredAsync(account.Did);
        while (stored != (0, 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            stored = await app.CountStoredAsync(account.Did);
        }

        Assert.Equal((0, 0), stored);
        var partial = Cid.ComputeRaw(PatternContent.Bytes(6_000_000, 5));
        Assert.Null(await app.Blobs.ClaimAsync(Did.Parse(account.Did), partial));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UploadBlob_OverTheLimit_IsPayloadTooLargeAndLeavesNothing(bool declareLength)
    {
        var account = await app.CreateAccountAsync();
        var content = new PatternContent(PdsOptions.DefaultBlobUploadLimitBytes + 1, 9, declareLength);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");

        HttpStatusCode? status = null;
        string? error = null;
        try
        {
            using var response = await app.UploadAsync(content, account.AccessJwt);
            status = response.StatusCode;
            error = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?.GetValue<string>();
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending the rest of the body.
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"{status}");
        Assert.True(error is null or "PayloadTooLarge", error);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await app.CountStoredAsync(account.Did) != (0, 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal((0, 0), await app.CountStoredAsync(account.Did));
    }

    [Fact]
    public async Task UploadBlob_WithoutAuthOrWhenDeactivated_IsRefused()
    {
        var account = await app.CreateAccountAsync();
        using var anonymous = await app.UploadAsync(new ByteArrayContent(Png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, null);
        using var deactivate = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.server.deactivateAccount")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", account.AccessJwt) },
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });
        using var deactivated = await app.UploadAsync(new ByteArrayContent(Png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, account.AccessJwt);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deactivate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deactivated.StatusCode);
        Assert.Equal("AccountDeactivated", JsonNode.Parse(await deactivated.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task UploadBlob_WithoutContentType_IsInvalidRequest()
    {
        var account = await app.CreateAccountAsync();

        using var response = await app.UploadAsync(new ByteArrayContent(Png), account.AccessJwt);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequest", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetBlob_MissingBlobUnknownRepoOrDeactivatedRepo_ReturnsLexiconErrors()
    {
        var account = await app.CreateAccountAsync();
        var cid = (await app.PublishBytesAsync(Png, "image/png", account.AccessJwt))["ref"]!["$link"]!.GetValue<string>();
        var missing = Cid.ComputeRaw("not uploaded"u8).ToString();

        using var notFound = await app.GetBlobAsync(account.Did, missing);
        using var unknownRepo = await app.GetBlobAsync("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", cid);
        using var badCid = await app.GetBlobAsync(account.Did, "not-a-cid");
        using var deactivate = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.server.deactivateAccount")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", account.AccessJwt) },
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });
        using var deactivated = await app.GetBlobAsync(account.Did, cid);
        using var byOwner = await app.GetBlobAsync(account.Did, cid, h => h.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessJwt));

        await AssertErrorAsync(notFound, "BlobNotFound");
        await AssertErrorAsync(unknownRepo, "RepoNotFound");
        await AssertErrorAsync(badCid, "InvalidRequest");
        await AssertErrorAsync(deactivated, "RepoDeactivated");
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(Png, await byOwner.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ListBlobs_PagesInCidOrder()
    {
        var account = await app.CreateAccountAsync();
        var cids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var blobRef = await app.UploadBytesAsync(PatternContent.Bytes(10 + i, 100 + i), "text/plain", account.AccessJwt);
            await app.CreateRecordReferencingAsync(account, blobRef);
            cids.Add(blobRef["ref"]!["$link"]!.GetValue<string>());
        }

        // An upload no record references is not listed (listBlobs lists the repo's blobs, as the reference PDS).
        await app.UploadBytesAsync(PatternContent.Bytes(99, 100), "text/plain", account.AccessJwt);

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var query = $"/xrpc/com.atproto.sync.listBlobs?did={account.Did}&limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}");
            var json = JsonNode.Parse(await app.Client.GetStringAsync(query))!;
            listed.AddRange(json["cids"]!.AsArray().Select(c => c!.GetValue<string>()));
            cursor = json["cursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(cids.Order(StringComparer.Ordinal), listed);
        Assert.Equal(3, pages);
        var since = Tid.FromTime(DateTimeOffset.UtcNow.AddDays(1), 0);
        var none = JsonNode.Parse(await app.Client.GetStringAsync($"/xrpc/com.atproto.sync.listBlobs?did={account.Did}&since={since}"))!;
        Assert.Empty(none["cids"]!.AsArray());
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal(error, JsonNode.Parse(text)!["error"]!.GetValue<string>());
    }
}
