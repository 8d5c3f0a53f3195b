using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.FakeWebPubSub;
using ServerlessPds.Pds.Firehose;

namespace ServerlessPds.Host.Tests.Firehose;

/// <summary>
/// The upstream <c>/webpubsub/events</c> configured as in Azure: <c>Pds__WebPubSub__Endpoint</c> plus
/// <c>Pds__WebPubSub__AccessKey</c> (REST calls go with Entra ID; the key only verifies <c>ce-signature</c>).
/// Through the fake Web PubSub, whose upstream requests are signed with its own keys, and by hand.
/// </summary>
public sealed class WebPubSubSignatureTests
{
    private static readonly string OtherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientConnect_ThroughTheFake_PassesOnlyWhenTheAccessKeyIsTheServices(bool rightKey)
    {
        await using var fake = await FakeWebPubSubServer.StartAsync(new Uri("http://127.0.0.1:1/unset"));
        await using var host = await StartHostAsync(fake, rightKey ? fake.Keys[1] : OtherKey);
        var pumps = host.Services.GetRequiredService<FirehoseConnectionPumps>();

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var front = new Uri($"ws://{fake.Endpoint.Authority}{FakeWebPubSubServer.FrontPath}");
        if (rightKey)
        {
            await socket.ConnectAsync(front, CancellationToken.None);
            Assert.True(await FirehoseTestHost.EventuallyAsync(() => pumps.ActiveCount == 1), "connected started the pump");
            Assert.Empty(fake.Refusals);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            Assert.True(await FirehoseTestHost.EventuallyAsync(() => pumps.ActiveCount == 0), "disconnected stopped the pump");
        }
        else
        {
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(front, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
            Assert.Equal(0, pumps.ActiveCount);
        }
    }

    [Fact]
    public async Task UpstreamPost_WithoutTheKeysSignature_Is401_AndStartsNothing()
    {
        await using var fake = await FakeWebPubSubServer.StartAsync(new Uri("http://127.0.0.1:1/unset"));
        var key = fake.Keys[0];
        await using var host = await StartHostAsync(fake, key);
        var pumps = host.Services.GetRequiredService<FirehoseConnectionPumps>();
        using var client = new HttpClient { BaseAddress = host.BaseUri };

        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, fake, "connect", "conn-a", Signature(key, "conn-a")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, fake, "connect", "conn-a", Signature(OtherKey, "conn-a")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, fake, "connect", "conn-a", Signature(key, "conn-b")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, fake, "connect", "conn-a", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, fake, "connected", "conn-a", $"{Signature(OtherKey, "conn-a")},sha256=00"));
        Assert.Equal(0, pumps.ActiveCount);
    }

    [Fact]
    public async Task AbuseProtectionHandshake_AnswersTheServicesOriginOnly()
    {
        await using var fake = await FakeWebPubSubServer.StartAsync(new Uri("http://127.0.0.1:1/unset"));
        await using var host = await StartHostAsync(fake, fake.Keys[0]);
        using var client = new HttpClient { BaseAddress = host.BaseUri };

        using var good = new HttpRequestMessage(HttpMethod.Options, "/webpubsub/events");
        good.Headers.Add("WebHook-Request-Origin", fake.Endpoint.Host);
        using var goodAnswer = await client.SendAsync(good);
        using var bad = new HttpRequestMessage(HttpMethod.Options, "/webpubsub/events");
        bad.Headers.Add("WebHook-Request-Origin", "attacker.example");
        using var badAnswer = await client.SendAsync(bad);

        Assert.Equal(HttpStatusCode.OK, goodAnswer.StatusCode);
        Assert.Equal(fake.Endpoint.Host, Assert.Single(goodAnswer.Headers.GetValues("WebHook-Allowed-Origin")));
        Assert.Equal(HttpStatusCode.Forbidden, badAnswer.StatusCode);
        Assert.False(badAnswer.Headers.Contains("WebHook-Allowed-Origin"));
    }

    private static async Task<FirehoseTestHost> StartHostAsync(FakeWebPubSubServer fake, string accessKey)
    {
        var host = await FirehoseTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pds:Firehose:Transport"] = "webpubsub",
            ["Pds:WebPubSub:Endpoint"] = fake.Endpoint.GetLeftPart(UriPartial.Authority),
            ["Pds:WebPubSub:AccessKey"] = accessKey,
            ["Pds:WebPubSub:Hub"] = fake.DefaultHub,
        });
        fake.UpstreamUrl = new Uri(host.BaseUri, "/webpubsub/events");
        return host;
    }

    private static string Signature(string key, string connectionId) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(connectionId)));

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, FakeWebPubSubServer fake, string eventName, string connectionId, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webpubsub/events") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("WebHook-Request-Origin", fake.Endpoint.Host);
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", "azure.webpubsub.sys." + eventName);
        request.Headers.Add("ce-hub", fake.DefaultHub);
        request.Headers.Add("ce-connectionId", connectionId);
        request.Headers.Add("ce-eventName", eventName);
        if (signature is not null)
        {
            request.Headers.Add("ce-signature", signature);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
