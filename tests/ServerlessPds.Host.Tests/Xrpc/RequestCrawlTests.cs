using System.Net;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>requestCrawl notifications to the relays of <c>Pds:Crawlers</c>, one of them a real HTTP listener and one down.</summary>
public sealed class RequestCrawlTests : IAsyncLifetime
{
    private readonly FakeRelay _relay = new();
    private readonly PdsApiFactory _pds;

    public RequestCrawlTests()
    {
        _pds = new PdsApiFactory(new Dictionary<string, string?>
        {
            ["Pds:Crawlers:0"] = $"http://127.0.0.1:{FreePorts.Take(1)[0]}",
            ["Pds:Crawlers:1"] = _relay.Url,
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pds.DisposeAsync();
        _relay.Dispose();
    }

    [Fact]
    public async Task CreateAccount_OneRelayDown_SucceedsAndTheOtherRelayIsAskedToCrawl()
    {
        await _pds.CreateAccountAsync("alice");

        var (method, path, body) = await _relay.NextAsync();

        Assert.Equal(("POST", "/xrpc/com.atproto.sync.requestCrawl"), (method, path));
        Assert.Equal(TestSettings.Hostname, body!["hostname"]!.GetValue<string>());
    }

    [Fact]
    public async Task ActivateAccount_AfterDeactivation_AsksAgain()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        await _relay.NextAsync(); // the first sequenced events renew the (never sent) request
        await _relay.NextAsync(); // the new account
        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deactivateAccount", new { }, alice.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, _relay.Pending);

        (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", new { }, alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, path, body) = await _relay.NextAsync();
        Assert.Equal("/xrpc/com.atproto.sync.requestCrawl", path);
        Assert.Equal(TestSettings.Hostname, body!["hostname"]!.GetValue<string>());
    }
}
