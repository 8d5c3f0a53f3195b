using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.FakeWebPubSub;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Firehose;

/// <summary>
/// The firehose through the fake Azure Web PubSub: the real host on Kestrel with <c>Pds__Firehose__Transport=webpubsub</c>,
/// the fake calling its <c>/webpubsub/events</c>, consumers on real WebSockets to the fake's front path.
/// </summary>
public sealed class WebPubSubFirehoseTests : IAsyncLifetime
{
    private FakeWebPubSubServer _fake = null!;
    private FirehoseTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWebPubSubServer.StartAsync(new Uri("http://127.0.0.1:1/unset"));
        _host = await FirehoseTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pds:Firehose:Transport"] = "webpubsub",
            ["Pds:WebPubSub:ConnectionString"] = _fake.ConnectionString,
            ["Pds:WebPubSub:Hub"] = "firehose",
        });
        _fake.UpstreamUrl = new Uri(_host.BaseUri, "/webpubsub/events");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private Uri FrontUri(long? cursor) =>
        new($"ws://{_fake.Endpoint.Authority}{FakeWebPubSubServer.FrontPath}{(cursor is null ? "" : $"?cursor={cursor}")}");

    [Fact]
    public async Task ResumingInTheMiddleOfABurst_DeliversEverySeqOnceInOrder()
    {
        var cursor = await _host.AppendAsync(50);
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            long last = cursor;
            for (var i = 0; i < 150; i++)
            {
                last = await _host.AppendAsync(1, "burst");
            }

            return last;
        });

        // Connect while the writer appends: the backfill from the cursor and the live tail meet somewhere in the burst.
        await Task.Delay(20);
        await using var client = await FirehoseClient.ConnectAsync(FrontUri(cursor - 20));
        var last = await writer;
        var frames = await client.ReadUntilAsync(last);

        Assert.Empty(_fake.Refusals);
        var seqs = frames.Select(f => f.Frame.Seq!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, (int)(last - (cursor - 20))).Select(i => cursor - 20 + 1 + i), seqs);
    }

    [Fact]
    public async Task LiveOnly_GetsEventsAfterConnecting_AndDisconnectStopsThePump()
    {
        await _host.AppendAsync(3);
        await using var client = await FirehoseClient.ConnectAsync(FrontUri(null));
        var pumps = _host.Services.GetRequiredService<FirehoseConnectionPumps>();
        Assert.True(await FirehoseTestHost.EventuallyAsync(() => pumps.ActiveCount == 1));
        var last = await _host.AppendAsync(5, "live");
        var frames = await client.ReadUntilAsync(last);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => last - 4 + i), frames.Select(f => f.Frame.Seq!.Value));

        await client.CloseAsync();
        Assert.True(await FirehoseTestHost.EventuallyAsync(() => pumps.ActiveCount == 0 && _fake.ConnectionIds.Count == 0));
    }

    [Fact]
    public async Task FutureCursor_IsTheErrorFrame_ThenTheClose()
    {
        var latest = await _host.AppendAsync(2);
        await using var client = await FirehoseClient.ConnectAsync(FrontUri(latest + 1000));

        var frames = await client.ReadUntilAsync(long.MaxValue);

        var frame = Assert.Single(frames).Frame;
        Assert.Equal(ErrorFrame.FutureCursor, frame.Error!.Error);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
        Assert.Equal(nameof(FirehoseEnd.FutureCursor), client.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task BadCursor_IsRefusedAtTheUpgrade_With400()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(FrontUri(null) + "?cursor=-3"), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task CommitOverOneMegabyte_GoesAsItsSync_WhileTheWebSocketHostSendsTheCommit()
    {
        var (seq, commit) = await AppendLargeCommitAsync(1_200_000);
        await using var viaWebPubSub = await FirehoseClient.ConnectAsync(FrontUri(seq - 1));
        await using var viaWebSocket = await FirehoseClient.ConnectAsync(_host, (seq - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var sync = (await viaWebPubSub.ReadUntilAsync(seq)).Single();
        var original = (await viaWebSocket.ReadUntilAsync(seq)).Single();

        Assert.True(original.Bytes.Length > 1_200_000);
        Assert.IsType<CommitEvent>(original.Frame.Message);
        Assert.True(sync.Bytes.Length < WebPubSub.Azure.WebPubSubClient.MessageLimitBytes);
        Assert.Equal(seq, sync.Frame.Seq);
        var message = Assert.IsType<SyncEvent>(sync.Frame.Message);
        Assert.Equal(commit.Repo, message.Did);
        Assert.Equal(commit.Rev, message.Rev);
        var car = CarReader.ReadAll(message.Blocks.Span);
        Assert.Equal([commit.Commit], car.Roots);
        Assert.True(car.TryGetBlock(commit.Commit, out _));
        Assert.Empty(_fake.Refusals);
    }

    /// <summary>Sequences a #commit whose CAR holds its commit block and one raw block of <paramref name="padding"/> bytes.</summary>
    private async Task<(long Seq, CommitEvent Commit)> AppendLargeCommitAsync(int padding)
    {
        var did = Did.Parse("did:plc:webpubsublargeaaaaaaaaaa");
        var rev = Tid.FromTime(1_800_000_000_000_000, 0);
        var commitBytes = DagCbor.Encode(DataMap.Of(("did", DataValue.From(did.Value)), ("rev", DataValue.From(rev.Value)), ("version", DataValue.From(3))));
        var commitCid = Cid.ComputeDagCbor(commitBytes);
        var big = new byte[padding];
        Random.Shared.NextBytes(big);
        var commit = new CommitEvent
        {
            Repo = did,
            Commit = commitCid,
            Rev = rev,
            Since = null,
            Blocks = CarWriter.Encode([commitCid], [new CarBlock(commitCid, commitBytes), new CarBlock(Cid.ComputeRaw(big), big)]),
            Ops = [],
            Time = AtprotoDatetime.Parse("2025-01-01T00:00:00.000Z"),
        };
        var appended = await _host.Services.GetRequiredService<Sequencer>().SequenceAsync(did, [new OutboxEntry(rev, [StoredEvent.From(commit)])]);
        return (appended[0].FirstSeq, commit);
    }
}
