using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Host.Tests.Firehose;

/// <summary><c>com.atproto.sync.subscribeRepos</c> on real Kestrel with real WebSockets (in-memory storage).</summary>
public sealed class SubscribeReposTests
{
    [Fact]
    public async Task Frames_AreBinaryMessages_HeaderThenBody_AndLiveEventsFollowTheReplay()
    {
        await using var host = await FirehoseTestHost.StartAsync();
        await host.AppendAsync(5);
        await using var client = await FirehoseClient.ConnectAsync(host, "2");

        var replayed = await client.ReadUntilAsync(5);
        await host.AppendAsync(1, "late");
        var live = await client.ReadUntilAsync(6);

        Assert.Equal([3L, 4, 5], replayed.Select(f => f.Frame.Seq ?? 0));
        Assert.All(replayed, f => Assert.Equal(FrameHeader.MessageOp, f.Frame.Header.Op));
        Assert.All(replayed, f => Assert.Equal("#identity", f.Frame.Header.Type));
        var expected = await host.Log.ReadAsync(2, 10);
        Assert.Equal(expected.Select(e => e.Event.ToFrame(e.Seq)).Take(3), replayed.Select(f => f.Bytes));
        var identity = Assert.IsType<IdentityEvent>(Assert.Single(live).Frame.Message);
        Assert.Equal("late0.test", identity.Handle?.Value);
        Assert.Equal(6, live[0].Frame.Seq);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(150)]
    [InlineData(199)]
    public async Task Replay_FromACursor_GivesExactlyTheTail(int cursor)
    {
        await using var host = await FirehoseTestHost.StartAsync(new Dictionary<string, string?> { ["Pds:Firehose:BufferFrames"] = "16" });
        await host.AppendAsync(200);
        await using var client = await FirehoseClient.ConnectAsync(host, cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var frames = await client.ReadUntilAsync(200);

        var expected = await host.Log.ReadAsync(cursor, 1000);
        Assert.Equal(expected.Select(e => (long?)e.Seq), frames.Select(f => f.Frame.Seq));
        Assert.Equal(expected.Select(e => e.Event.ToFrame(e.Seq)), frames.Select(f => f.Bytes));
    }

    [Fact]
    public async Task LiveSeam_EventsWrittenWhileReplaying_ArriveOnceEachInOrder()
    {
        await using var host = await FirehoseTestHost.StartAsync(new Dictionary<string, string?> { ["Pds:Firehose:BufferFrames"] = "8" });
        await host.AppendAsync(300);
        await using var client = await FirehoseClient.ConnectAsync(host, "0");

        var writer = Task.Run(() => host.AppendAsync(300, "live"));
        var frames = await client.ReadUntilAsync(600);
        await writer;

        Assert.Equal(Enumerable.Range(1, 600).Select(s => (long?)s), frames.Select(f => f.Frame.Seq));
    }

    [Fact]
    public async Task FutureCursor_ErrorFrameThenClose()
    {
        await using var host = await FirehoseTestHost.StartAsync();
        await host.AppendAsync(3);
        await using var client = await FirehoseClient.ConnectAsync(host, "4");

        var frame = Assert.Single(await client.ReadUntilAsync(long.MaxValue)).Frame;

        Assert.Equal(FrameHeader.ErrorOp, frame.Header.Op);
        Assert.Equal(ErrorFrame.FutureCursor, frame.Error?.Error);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task OutdatedCursor_AfterTheRetentionSweeperDeletedOldEvents_InfoThenTheRest()
    {
        var clock = new ManualClock();
        await using var host = await FirehoseTestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await host.AppendAsync(50);
        clock.Advance(TimeSpan.FromHours(73));
        await host.AppendAsync(10, "kept");
        Assert.Equal(50, await host.Services.GetRequiredService<EventRetention>().RunOnceAsync());
        await using var client = await FirehoseClient.ConnectAsync(host, "5");

        var frames = await client.ReadUntilAsync(60);

        Assert.Equal("#info", frames[0].Frame.Header.Type);
        Assert.Equal(InfoEvent.OutdatedCursor, Assert.IsType<InfoEvent>(frames[0].Frame.Message).Name);
        Assert.Equal(Enumerable.Range(51, 10).Select(s => (long?)s), frames.Skip(1).Select(f => f.Frame.Seq));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("1e3")]
    public async Task MalformedCursor_Http400InvalidRequest_BeforeTheUpgrade(string cursor)
    {
        await using var host = await FirehoseTestHost.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(host.SubscribeUri(cursor), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new UriBuilder(host.SubscribeUri(cursor)) { Scheme = "http" }.Uri);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequest", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal(0, host.Hub.ActiveCount);
    }

    [Fact]
    public async Task PlainGet_IsAnXrpcErrorNamingWebSockets_AndPostIsTheWrongVerb()
    {
        await using var host = await FirehoseTestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        using var get = await http.GetAsync("/xrpc/com.atproto.sync.subscribeRepos");
        using var post = await http.PostAsync("/xrpc/com.atproto.sync.subscribeRepos", null);

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        var body = JsonNode.Parse(await get.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidRequest", body["error"]!.GetValue<string>());
        Assert.Contains("WebSocket", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("expected GET", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StalledConsumer_GetsConsumerTooSlow_AndTheServerBufferStaysBounded()
    {
        await using var host = await FirehoseTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pds:Firehose:BufferFrames"] = "4",
            ["Pds:Firehose:SlowConsumerTimeout"] = "00:00:00.200",
            ["Pds:Firehose:CloseTimeout"] = "00:02:00",
        });
        await using var client = await FirehoseClient.ConnectAsync(host);
        Assert.True(await FirehoseTestHost.EventuallyAsync(() => host.Hub.ActiveCount == 1));
        var subscription = host.Hub.Active.Single();

        var appended = 0;
        while (!subscription.Finished.IsCompleted && appended < 2000)
        {
            await host.AppendLargeAsync(256 * 1024);
            appended++;
        }

        Assert.True(await FirehoseTestHost.EventuallyAsync(() => subscription.Finished.IsCompleted));
        Assert.Equal(FirehoseEnd.ConsumerTooSlow, subscription.End);
        Assert.InRange(subscription.HighWaterFrames, 1, 4);
        Assert.InRange(subscription.HighWaterBytes, 1, 4 * 300 * 1024);
        var frames = await client.ReadUntilAsync(long.MaxValue);
        var last = frames[^1].Frame;
        Assert.Equal(ErrorFrame.ConsumerTooSlow, last.Error?.Error);
        var delivered = frames.SkipLast(1).Select(f => f.Frame.Seq ?? 0).ToList();
        Assert.Equal(Enumerable.Range(1, delivered.Count).Select(s => (long)s), delivered);
        Assert.True(delivered.Count < appended, $"{delivered.Count} of {appended} delivered");
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task HundredSubscribers_ConnectingAndLeavingInALoop_LeakNoSubscriptions()
    {
        await using var host = await FirehoseTestHost.StartAsync();
        await host.AppendAsync(3);

        for (var i = 0; i < 100; i++)
        {
            await using var client = await FirehoseClient.ConnectAsync(host, i % 2 == 0 ? "0" : null);
            if (i % 2 == 0)
            {
                Assert.Equal(1, (await client.ReadUntilAsync(1)).Single().Frame.Seq);
            }

            if (i % 3 == 0)
            {
                client.Socket.Abort();
            }
            else
            {
                await client.CloseAsync();
            }
        }

        Assert.True(await FirehoseTestHost.EventuallyAsync(() => host.Hub.ActiveCount == 0), $"{host.Hub.ActiveCount} subscriptions left");
    }

    [Fact]
    public async Task ServerShutdown_ClosesSubscribersCleanly()
    {
        var host = await FirehoseTestHost.StartAsync();
        try
        {
            await using var client = await FirehoseClient.ConnectAsync(host, "0");
            Assert.True(await FirehoseTestHost.EventuallyAsync(() => host.Hub.ActiveCount == 1));

            var stopping = host.StopAsync();
            Assert.Null(await client.ReceiveAsync());
            await stopping;

            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.Socket.CloseStatus);
            Assert.Equal(0, host.Hub.ActiveCount);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
