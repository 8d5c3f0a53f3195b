using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Testing;

namespace ServerlessPds.Host.Tests.Xrpc;

public sealed class ComAtprotoRepoMissingBlobsEndpointsTests : IAsyncLifetime
{
    private const string Post = "app.bsky.feed.post";
    private readonly RecordingBlobCatalog _blobs = new();
    private readonly PdsApiFactory _pds;
    private TestAccount _alice = null!;

    public ComAtprotoRepoMissingBlobsEndpointsTests()
    {
        _pds = new PdsApiFactory(services => services.AddSingleton<IBlobCatalog>(_blobs));
    }

    public async Task InitializeAsync() => _alice = await _pds.CreateAccountAsync("alice");

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    private StoredBlob Upload(string content) => _blobs.Add(Did.Parse(_alice.Did), Encoding.UTF8.GetBytes(content), "image/png");

    private async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Json)> CreatePostAsync(params StoredBlob[] blobs) =>
        await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", new
        {
            repo = _alice.Did,
            collection = Post,
            record = new
            {
                text = "images",
                createdAt = "2024-01-01T00:00:00.000Z",
                embed = new Dictionary<string, object>
                {
                    ["$type"] = "app.bsky.embed.images",
                    ["images"] = blobs.Select(b => new { alt = "", image = new Dictionary<string, object>
                    {
                        ["$type"] = "blob", ["ref"] = new Dictionary<string, string> { ["$link"] = b.Cid.ToString() }, ["mimeType"] = b.MimeType, ["size"] = b.Size,
                    } }),
                },
            },
        }, _alice.AccessJwt);

    [Fact]
    public async Task ListMissingBlobs_SomeReferencedBlobsGone_PagesThroughThemInCidOrder()
    {
        var blobs = Enumerable.Range(0, 5).Select(i => Upload($"image {i}")).ToArray();
        var uris = new Dictionary<string, string>();
        foreach (var pair in blobs.Chunk(2))
        {
            var (status, json) = await CreatePostAsync(pair);
            Assert.Equal(HttpStatusCode.OK, status);
            foreach (var blob in pair)
            {
                uris[blob.Cid.ToString()] = json["uri"]!.GetValue<string>();
            }
        }

        var gone = blobs.Take(3).Select(b => b.Cid.ToString()).Order(StringComparer.Ordinal).ToList();
        foreach (var blob in blobs.Take(3))
        {
            _blobs.Remove(blob.Did, blob.Cid);
        }

        var (firstStatus, first) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listMissingBlobs", new { limit = 2 }, _alice.AccessJwt);
        var (_, second) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listMissingBlobs", new { limit = 2, cursor = first["cursor"]!.GetValue<string>() }, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        var listed = first["blobs"]!.AsArray().Concat(second["blobs"]!.AsArray()).ToList();
        Assert.Equal(gone, listed.Select(b => b!["cid"]!.GetValue<string>()));
        Assert.All(listed, b => Assert.Equal(uris[b!["cid"]!.GetValue<string>()], b["recordUri"]!.GetValue<string>()));
        Assert.All(listed, b => Assert.Equal(["cid", "recordUri"], b!.AsObject().Select(p => p.Key)));
        Assert.Equal(2, first["blobs"]!.AsArray().Count);
        Assert.Null(second["cursor"]);
        var (_, account) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: _alice.AccessJwt);
        Assert.Equal(5, account["expectedBlobs"]!.GetValue<long>());
        Assert.Equal(2, account["importedBlobs"]!.GetValue<long>());
    }

    [Fact]
    public async Task ListMissingBlobs_NothingMissing_AnswersEmptyListWithoutCursor()
    {
        Assert.Equal(HttpStatusCode.OK, (await CreatePostAsync(Upload("kept"))).Status);

        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listMissingBlobs", token: _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(json["blobs"]!.AsArray());
        Assert.Null(json["cursor"]);
    }

    [Fact]
    public async Task ListMissingBlobs_NoToken_Answers401()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.listMissingBlobs");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AuthenticationRequired", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateRecord_BlobNotUploaded_Answers400BlobNotFound()
    {
        var stranger = _blobs.Add(Did.Parse("did:plc:someoneelseaaaaaaaaaaaaa"), [1, 2, 3], "image/png");

        var (status, json) = await CreatePostAsync(stranger);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BlobNotFound", json["error"]!.GetValue<string>());
        Assert.Equal(0, (await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: _alice.AccessJwt)).Json["expectedBlobs"]!.GetValue<long>());
    }
}
