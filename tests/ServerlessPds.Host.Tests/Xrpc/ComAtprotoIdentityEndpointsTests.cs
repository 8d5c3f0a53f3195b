using System.Net;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

public sealed class ComAtprotoIdentityEndpointsTests : IAsyncLifetime
{
    private readonly PdsApiFactory _pds = new();
    private TestAccount _alice = null!;
    private TestAccount _bob = null!;

    public async Task InitializeAsync()
    {
        _alice = await _pds.CreateAccountAsync("alice");
        _bob = await _pds.CreateAccountAsync("bob");
    }

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task ResolveHandle_Local_AnswersDid()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.resolveHandle", new { handle = "ALICE.test" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_alice.Did, json["did"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResolveHandle_UnknownUserDomainHandle_HandleNotFound()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.resolveHandle", new { handle = "nobody.test" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("HandleNotFound", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateHandle_Free_UpdatesPlcAndServer()
    {
        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.identity.updateHandle", new { handle = "alice2.test" }, _alice.AccessJwt);
        var resolved = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.resolveHandle", new { handle = "alice2.test" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_alice.Did, resolved.Json["did"]!.GetValue<string>());
        var last = (PlcOperation)_pds.Plc.Log(Did.Parse(_alice.Did))[^1];
        Assert.Equal("alice2.test", last.Handle!.Value);
    }

    [Theory]
    [InlineData("bob.test", "HandleNotAvailable")]
    [InlineData("x.test", "InvalidHandle")]
    [InlineData("alice.example.org", "InvalidHandle")]
    public async Task UpdateHandle_Refused_LexiconErrorAndNoPlcOperation(string handle, string error)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.identity.updateHandle", new { handle }, _alice.AccessJwt);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
        Assert.Single(_pds.Plc.Log(Did.Parse(_alice.Did)));
    }

    [Fact]
    public async Task GetRecommendedDidCredentials_AnswersThisServer()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.getRecommendedDidCredentials", token: _bob.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["at://bob.test"], json["alsoKnownAs"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(PdsApiFactory.PublicUrl, json["services"]!["atproto_pds"]!["endpoint"]!.GetValue<string>());
        var genesis = (PlcOperation)_pds.Plc.Log(Did.Parse(_bob.Did))[0];
        Assert.Equal(genesis.RotationKeys, json["rotationKeys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Theory]
    [InlineData("alice.test", HttpStatusCode.OK)]
    [InlineData("nobody.test", HttpStatusCode.NotFound)]
    public async Task WellKnownAtprotoDid_ByHostHeader(string host, HttpStatusCode expected)
    {
        using var client = _pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/atproto-did");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(_alice.Did, await response.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
