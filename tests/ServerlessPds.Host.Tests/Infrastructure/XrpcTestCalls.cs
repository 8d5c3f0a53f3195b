using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>XRPC calls over any <see cref="HttpClient"/>: a GET takes the body object as query parameters, a POST as JSON.</summary>
public static class XrpcTestCalls
{
    /// <summary>Calls an XRPC method and returns the status and the JSON body (an empty object when there is none).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Json)> CallAsync(
        HttpClient client, HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null)
    {
        using var response = await SendAsync(client, method, nsid, body, token, authorization);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    /// <summary>Sends an XRPC request and returns the raw response.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null)
    {
        var path = "/xrpc/" + nsid;
        if (method == HttpMethod.Get && body is not null)
        {
            var query = JsonSerializer.SerializeToElement(body).EnumerateObject()
                .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())}");
            path += "?" + string.Join('&', query);
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization ?? (token is null ? null : new AuthenticationHeaderValue("Bearer", token));
        if (method == HttpMethod.Post)
        {
            request.Content = body is string raw ? new StringContent(raw, Encoding.UTF8, "application/json") : JsonContent.Create(body ?? new { });
        }

        return await client.SendAsync(request);
    }

    /// <summary>Creates an account (handle <c>{name}.test</c>) and returns its DID, handle and tokens.</summary>
    public static async Task<TestAccount> CreateAccountAsync(HttpClient client, string name, string password = "password-123")
    {
        var (status, json) = await CallAsync(client, HttpMethod.Post, "com.atproto.server.createAccount",
            new { handle = $"{name}.test", email = $"{name}@example.com", password });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        return new TestAccount(json["did"]!.GetValue<string>(), json["handle"]!.GetValue<string>(), password,
            json["accessJwt"]!.GetValue<string>(), json["refreshJwt"]!.GetValue<string>());
    }
}
