using ServerlessPds.Pds.Ports;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Host.Tests.Firehose;

/// <summary>The firehose of hosts on shared Azure storage (Azurite): several instances, and restarts.</summary>
public sealed class SubscribeReposAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, string?> FastPolling = new() { ["Pds:Firehose:PollInterval"] = "00:00:00.100" };

    [Fact]
    public async Task TwoHostsOnTheSameStorage_GiveTheSameStream()
    {
        await using var a = await FirehoseTestHost.StartAsync(FastPolling, azurite.ConnectionString);
        await using var b = await FirehoseTestHost.StartAsync(FastPolling, azurite.ConnectionString);
        var baseline = await a.Log.GetLatestSeqAsync();
        await a.AppendAsync(5, "early");
        var cursor = (baseline + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var onA = await FirehoseClient.ConnectAsync(a, cursor);
        await using var onB = await FirehoseClient.ConnectAsync(b, cursor);

        for (var round = 0; round < 4; round++)
        {
            await a.AppendAsync(3, $"a{round}x");
            await b.AppendAsync(2, $"b{round}x");
        }

        var last = baseline + 25;
        var fromA = await onA.ReadUntilAsync(last);
        var fromB = await onB.ReadUntilAsync(last);

        Assert.Equal(Enumerable.Range((int)baseline + 3, 23).Select(s => (long?)s), fromA.Select(f => f.Frame.Seq));
        Assert.Equal(fromA.Select(f => f.Bytes), fromB.Select(f => f.Bytes));
        // The log may answer a read with fewer events than asked (the cache of recent events stops at the first seq it
        // lacks), so read it page by page.
        var log = new List<LoggedEvent>();
        for (var after = baseline + 2; log.Count < 23;)
        {
            var page = await a.Log.ReadAsync(after, 100);
            Assert.NotEmpty(page);
            log.AddRange(page);
            after = page[^1].Seq;
        }

        Assert.Equal(log.Select(e => e.Event.ToFrame(e.Seq)), fromA.Select(f => f.Bytes));
    }

    [Fact]
    public async Task HostRestart_AConsumerResumingWithItsLastCursor_MissesNothingAndSeesNothingTwice()
    {
        long baseline, resumeAt;
        var first = await FirehoseTestHost.StartAsync(FastPolling, azurite.ConnectionString);
        try
        {
            baseline = await first.Log.GetLatestSeqAsync();
            await first.AppendAsync(30, "before");
            await using var client = await FirehoseClient.ConnectAsync(first, baseline.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var seen = await client.ReadUntilAsync(baseline + 15);
            Assert.Equal(Enumerable.Range((int)baseline + 1, 15).Select(s => (long?)s), seen.Select(f => f.Frame.Seq));
            resumeAt = seen[^1].Frame.Seq!.Value;
            await first.AppendAsync(5, "during");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await FirehoseTestHost.StartAsync(FastPolling, azurite.ConnectionString);
        await second.AppendAsync(10, "after");
        await using var resumed = await FirehoseClient.ConnectAsync(second, resumeAt.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var rest = await resumed.ReadUntilAsync(baseline + 45);

        Assert.Equal(Enumerable.Range((int)resumeAt + 1, 30).Select(s => (long?)s), rest.Select(f => f.Frame.Seq));
        var log = await second.Log.ReadAsync(resumeAt, 100);
        Assert.Equal(log.Select(e => e.Event.ToFrame(e.Seq)), rest.Select(f => f.Bytes));
    }
}
