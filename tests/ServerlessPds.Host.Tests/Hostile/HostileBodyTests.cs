using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using static ServerlessPds.Host.Tests.Hostile.HostilePds;

namespace ServerlessPds.Host.Tests.Hostile;

/// <summary>Issue 15, items 1 to 4 and the uploadBlob 413: request bodies an attacker shapes, on real Kestrel.</summary>
public sealed class HostileBodyTests(HostilePds app) : IClassFixture<HostilePds>
{
    private const string Collection = "com.example.note";

    public static TheoryData<string, string> UndecodableBodies => new()
    {
        { "gzip", "garbage" },
        { "gzip", "bad-checksum" },
        { "gzip", "truncated" },
        { "deflate", "garbage" },
        { "deflate", "bad-checksum" },
        { "br", "garbage" },
        { "br", "truncated" },
    };

    /// <summary>Makes a compressed body that cannot be decoded whole.</summary>
    public static byte[] Undecodable(string encoding, string kind, byte[] plain)
    {
        var good = Compress(encoding, plain);
        switch (kind)
        {
            case "garbage":
                var garbage = new byte[64];
                new Random(7).NextBytes(garbage);
                if (encoding == "gzip")
                {
                    garbage[0] = 0x1f;
                    garbage[1] = 0x8b;
                    garbage[2] = 8;
                }

                return garbage;
            case "bad-checksum":
                // gzip ends with CRC-32 and size; zlib with Adler-32. Flip one bit of the checksum.
                good[good.Length - (encoding == "gzip" ? 8 : 1)] ^= 1;
                return good;
            default:
                return good[..(good.Length * 2 / 3)];
        }
    }

    [Theory]
    [MemberData(nameof(UndecodableBodies))]
    public async Task Post_UndecodableCompressedBody_Answers400WithoutErrorLog(string encoding, string kind)
    {
        var account = await app.CreateAccountAsync();
        var login = Encoding.UTF8.GetBytes($$"""{"identifier":"{{account.Handle}}","password":"{{account.Password}}"}""");
        var record = Encoding.UTF8.GetBytes($$"""{"repo":"{{account.Did}}","collection":"{{Collection}}","record":{"text":"{{new string('x', 2000)}}"} }""");
        var before = app.Logs.Entries.Count;

        var session = await app.PostRawAsync("com.atproto.server.createSession", Body(Undecodable(encoding, kind, login), "application/json", encoding));
        var create = await app.PostRawAsync("com.atproto.repo.createRecord", Body(Undecodable(encoding, kind, record), "application/json", encoding), account.AccessJwt);

        AssertXrpcError(session, HttpStatusCode.BadRequest, "InvalidRequest");
        AssertXrpcError(create, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.DoesNotContain(app.Logs.Entries.Skip(before), e => e.Level >= LogLevel.Error);
        Assert.Null(await HeadAsync(account.Did));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task Post_WellFormedCompressedBody_IsDecoded(string encoding)
    {
        var account = await app.CreateAccountAsync();
        var record = Encoding.UTF8.GetBytes($$"""{"repo":"{{account.Did}}","collection":"{{Collection}}","record":{"text":"{{new string('x', 2000)}}"} }""");

        var create = await app.PostRawAsync("com.atproto.repo.createRecord", Body(Compress(encoding, record), "application/json", encoding), account.AccessJwt);

        Assert.True(create.Status == HttpStatusCode.OK, create.Json.ToJsonString());
    }

    public static TheoryData<string, string> BadRecordText => new()
    {
        { "com.atproto.repo.createRecord", "lone-surrogate" },
        { "com.atproto.repo.createRecord", "invalid-utf8" },
        { "com.atproto.repo.putRecord", "lone-surrogate" },
        { "com.atproto.repo.putRecord", "invalid-utf8" },
        { "com.atproto.repo.applyWrites", "lone-surrogate" },
        { "com.atproto.repo.applyWrites", "invalid-utf8" },
    };

    [Theory]
    [MemberData(nameof(BadRecordText))]
    public async Task RecordJson_InvalidText_Answers400InvalidRequest(string nsid, string kind)
    {
        var account = await app.CreateAccountAsync();
        const string Marker = "MARKER";
        var value = $$"""{"$type":"{{Collection}}","text":"a{{Marker}}b","createdAt":"2024-01-01T00:00:00.000Z"}""";
        var json = nsid switch
        {
            "com.atproto.repo.createRecord" => $$"""{"repo":"{{account.Did}}","collection":"{{Collection}}","record":{{value}}}""",
            "com.atproto.repo.putRecord" => $$"""{"repo":"{{account.Did}}","collection":"{{Collection}}","rkey":"self","record":{{value}}}""",
            _ => $$"""{"repo":"{{account.Did}}","writes":[{"$type":"com.atproto.repo.applyWrites#create","collection":"{{Collection}}","value":{{value}}}]}""",
        };
        var at = json.IndexOf(Marker, StringComparison.Ordinal);
        byte[] bad = kind == "lone-surrogate" ? Encoding.ASCII.GetBytes("\\ud800") : [0xff, 0xc3, 0x28];
        var bytes = Encoding.UTF8.GetBytes(json[..at]).Concat(bad).Concat(Encoding.UTF8.GetBytes(json[(at + Marker.Length)..])).ToArray();

        var answer = await app.PostRawAsync(nsid, Body(bytes, "application/json"), account.AccessJwt);

        AssertXrpcError(answer, HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Null(await HeadAsync(account.Did));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task UploadBlob_TruncatedCompressedBody_IsRefusedAndStoresNothing(string encoding)
    {
        var account = await app.CreateAccountAsync();
        var plain = new byte[300_000];
        new Random(3).NextBytes(plain);
        var compressed = Compress(encoding, plain);
        var truncated = compressed[..(compressed.Length - 5)];
        var partial = Decompress(encoding, truncated);

        var answer = await app.PostRawAsync("com.atproto.repo.uploadBlob", Body(truncated, "application/octet-stream", encoding), account.AccessJwt);

        AssertXrpcError(answer, HttpStatusCode.BadRequest, "InvalidRequest");
        var store = app.Pds.Services.GetRequiredService<IBlobStore>();
        var did = Did.Parse(account.Did);
        Assert.Null(await store.OpenAsync(did, Cid.FromSha256(Cid.RawCodec, System.Security.Cryptography.SHA256.HashData(partial))));
        Assert.Empty(await store.ListAsync(did, null, null, 10));
    }

    [Fact]
    public async Task UploadBlob_OverLimitWithContentLength_Answers413NamingTheLimit()
    {
        var account = await app.CreateAccountAsync();
        var limit = HostilePds.BlobUploadLimitBytes;
        var body = new ByteArrayContent(new byte[limit + 1]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");

        var answer = await app.PostRawAsync("com.atproto.repo.uploadBlob", body, account.AccessJwt);

        AssertXrpcError(answer, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportRepo_GzipBomb_AnswersWithoutBufferingTheInflatedBody()
    {
        var account = await app.CreateAccountAsync();
        var zeros = new byte[1 << 20];
        var bomb = Compress("gzip", output =>
        {
            for (var i = 0; i < 1024; i++)
            {
                output.Write(zeros);
            }
        });
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var answer = await app.PostRawAsync("com.atproto.repo.importRepo", Body(bomb, "application/vnd.ipld.car", "gzip"), account.AccessJwt);

        var delta = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.True((int)answer.Status is >= 400 and < 500, answer.Json.ToJsonString());
        Assert.True(delta < 64L * 1024 * 1024, $"the server allocated {delta / (1024 * 1024)} MiB for a {bomb.Length / 1024} KiB request");
        Assert.Null(await HeadAsync(account.Did));
    }

    private async Task<string?> HeadAsync(string did)
    {
        var (status, json) = await Infrastructure.XrpcTestCalls.CallAsync(app.Client, HttpMethod.Get, "com.atproto.repo.listRecords",
            new { repo = did, collection = Collection });
        Assert.Equal(HttpStatusCode.OK, status);
        return json["records"]!.AsArray().Count == 0 ? null : json.ToJsonString();
    }

    private static byte[] Decompress(string encoding, byte[] data)
    {
        using var input = new MemoryStream(data);
        using Stream decompressor = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            _ => new BrotliStream(input, CompressionMode.Decompress),
        };
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }
}
