using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Api;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>
/// The XRPC error contract over real HTTP: every failure class answers with its status, the exact <c>error</c> name, a
/// message, and <c>application/json</c>.
/// </summary>
public class XrpcErrorMiddlewareTests(ContractTestApp app) : IClassFixture<ContractTestApp>
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string?, string?, int, string> Failures() => new()
    {
        // Errors handlers throw.
        { "GET", "/xrpc/io.example.test.throwXrpc?status=400&error=InvalidSwap&message=Commit+was+at+bafy", null, null, 400, "InvalidSwap" },
        { "GET", "/xrpc/io.example.test.throwXrpc?status=401&error=AuthenticationRequired", null, null, 401, "AuthenticationRequired" },
        { "GET", "/xrpc/io.example.test.throwXrpc?status=403&error=Forbidden&message=no", null, null, 403, "Forbidden" },
        { "GET", "/xrpc/io.example.test.throwXrpc?status=429&error=RateLimitExceeded&message=slow+down", null, null, 429, "RateLimitExceeded" },
        { "GET", "/xrpc/io.example.test.throwXrpc?status=503&error=ServiceUnavailable&message=storage+down", null, null, 503, "ServiceUnavailable" },
        { "GET", "/xrpc/io.example.test.throwXrpc?status=500&error=InternalServerError&message=" + Uri.EscapeDataString(TestEndpoints.SecretDetail), null, null, 500, "InternalServerError" },
        { "GET", "/xrpc/io.example.test.crash", null, null, 500, "InternalServerError" },

        // Malformed JSON bodies read with XrpcCall.ReadJsonAsync.
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": \"hi\", ", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": 5, \"count\": 1}", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": \"hi\", \"count\": \"1\"}", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": \"hi\"}", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": null, \"count\": 1}", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"Text\": \"hi\", \"Count\": 1}", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "null", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "[1]", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "", Json, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": \"hi\", \"count\": 1}", null, 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": \"hi\", \"count\": 1}", "text/plain", 400, "InvalidRequest" },
        { "POST", "/xrpc/io.example.test.echo", "{\"text\": \"" + new string('a', XrpcCall.MaxJsonBodyBytes) + "\", \"count\": 1}", Json, 413, "PayloadTooLarge" },

        // Bodies and query parameters minimal APIs bind themselves.
        { "POST", "/xrpc/io.example.test.bound", "{\"text\": ", Json, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.boundQuery?limit=many", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.boundQuery", null, null, 400, "InvalidRequest" },

        // Query parameters read with XrpcCall.
        { "GET", "/xrpc/io.example.test.query", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=alice", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=did:plc:a&repo=did:plc:b", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=did:plc:a&limit=0", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=did:plc:a&limit=101", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=did:plc:a&reverse=yes", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=did:plc:a&collection=a.b.c&collection=a.b.d&collection=a.b.e&collection=a.b.f", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.query?repo=did:plc:a&collection=not-an-nsid", null, null, 400, "InvalidRequest" },

        // A body over an endpoint's limit, rejected by Kestrel.
        { "POST", "/xrpc/io.example.test.upload", new string('x', 100), "application/octet-stream", 413, "PayloadTooLarge" },

        // Routing: unknown, malformed and misused XRPC paths, and non-XRPC paths.
        { "GET", "/xrpc/com.example.unknownMethod", null, null, 401, "AuthenticationRequired" }, // proxied, needs a session
        { "POST", "/xrpc/com.example.unknownMethod", "{}", Json, 401, "AuthenticationRequired" },
        { "GET", "/xrpc/not_an_nsid", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/com.example.method/extra", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/", null, null, 400, "InvalidRequest" },
        { "POST", "/xrpc/com.atproto.server.describeServer", "{}", Json, 400, "InvalidRequest" },
        { "PUT", "/xrpc/com.atproto.server.describeServer", null, null, 400, "InvalidRequest" },
        { "GET", "/xrpc/io.example.test.echo", null, null, 400, "InvalidRequest" },
        { "GET", "/no/such/page", null, null, 404, "NotFound" },
        { "GET", "/favicon.ico", null, null, 404, "NotFound" },
        { "POST", "/", "{}", Json, 404, "NotFound" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Request_Failing_AnswersXrpcErrorJson(string method, string path, string? body, string? contentType, int status, string error)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Headers.ExpectContinue = true; // lets the server refuse an oversized body before it is sent
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(Json, response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("message").GetString()));
        Assert.DoesNotContain(TestEndpoints.SecretDetail, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`<>]+\(", text); // no stack frames
    }

    [Theory]
    [InlineData("/xrpc/io.example.test.throwXrpc?status=401&error=AuthenticationRequired", "Bearer")]
    [InlineData("/xrpc/io.example.test.throwXrpc?status=401&error=InvalidToken", "Bearer error=\"invalid_token\"")]
    [InlineData("/xrpc/io.example.test.throwXrpc?status=401&error=ExpiredToken", "Bearer error=\"invalid_token\"")]
    public async Task Request_Unauthenticated_ChallengesWithWwwAuthenticate(string path, string challenge)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Request_ThrowingXrpcException_KeepsItsMessage()
    {
        using var response = await app.Client.GetAsync("/xrpc/io.example.test.throwXrpc?status=400&error=InvalidSwap&message=Commit+was+at+bafy");

        Assert.Equal("{\"error\":\"InvalidSwap\",\"message\":\"Commit was at bafy\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_Crashing_AnswersGenericMessageAndLogsTheException()
    {
        using var response = await app.Client.GetAsync("/xrpc/io.example.test.crash");

        Assert.Equal("{\"error\":\"InternalServerError\",\"message\":\"Internal Server Error\"}", await response.Content.ReadAsStringAsync());
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == TestEndpoints.SecretDetail);
    }

    [Fact]
    public async Task Request_FailingAfterResponseStarted_AbortsInsteadOfAppendingJson()
    {
        var read = async () =>
        {
            using var response = await app.Client.GetAsync("/xrpc/io.example.test.late");
            return await response.Content.ReadAsStringAsync();
        };

        await Assert.ThrowsAnyAsync<HttpRequestException>(read);
    }

    [Fact]
    public async Task Echo_ValidBodyWithUnknownFields_IgnoresThem()
    {
        using var content = new StringContent("{\"text\":\"héllo <b>\",\"count\":2,\"extra\":{\"deep\":[1,2]}}", Encoding.UTF8, Json);
        using var response = await app.Client.PostAsync("/xrpc/io.example.test.echo", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"text\":\"héllo <b>\",\"count\":2}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Echo_GzipBody_IsDecompressed()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"text\":\"zipped\",\"count\":3,\"note\":\"n\"}"));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(Json);
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await app.Client.PostAsync("/xrpc/io.example.test.echo", content);

        Assert.Equal("{\"text\":\"zipped\",\"count\":3,\"note\":\"n\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_BodyWithinEndpointLimit_IsRead()
    {
        using var content = new ByteArrayContent(new byte[16]);
        using var response = await app.Client.PostAsync("/xrpc/io.example.test.upload", content);

        Assert.Equal("{\"bytes\":16}", await response.Content.ReadAsStringAsync());
    }
}
