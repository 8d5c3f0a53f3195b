using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Pds.Tests.Repo;

namespace ServerlessPds.Pds.Tests.Sync;

public sealed class CrawlerNotifierTests
{
    private static readonly Uri RelayA = new("https://relay-a.example");
    private static readonly Uri RelayB = new("https://relay-b.example");

    [Fact]
    public async Task RequestCrawl_TwoRelays_AsksEachWithTheHostname()
    {
        var client = new RecordingRelayClient();
        var notifier = new CrawlerNotifier(client, [RelayA, RelayB], "pds.example.com");

        await notifier.RequestCrawlAsync();

        Assert.Equal([(RelayA, "pds.example.com"), (RelayB, "pds.example.com")], client.Requests.OrderBy(r => r.Relay.Host));
    }

    [Fact]
    public async Task NotifyActivity_RenewsOnlyOnceTheLastRequestIsOlderThanTheInterval()
    {
        var client = new RecordingRelayClient();
        var time = new ManualTimeProvider();
        var notifier = new CrawlerNotifier(client, [RelayA], "pds.example.com", TimeSpan.FromMinutes(20), time);

        await notifier.NotifyActivityAsync();
        await notifier.NotifyActivityAsync();
        time.Advance(TimeSpan.FromMinutes(19));
        await notifier.NotifyActivityAsync();
        Assert.Single(client.Requests);

        time.Advance(TimeSpan.FromMinutes(2));
        await notifier.NotifyActivityAsync();
        Assert.Equal(2, client.Requests.Count);

        await notifier.RequestCrawlAsync();
        time.Advance(TimeSpan.FromMinutes(10));
        await notifier.NotifyActivityAsync();
        Assert.Equal(3, client.Requests.Count);
    }

    [Fact]
    public async Task RequestCrawl_FailingRelay_ReportsItAndStillAsksTheOthers()
    {
        var client = new RecordingRelayClient { Failing = RelayA };
        var failures = new List<Uri>();
        var notifier = new CrawlerNotifier(client, [RelayA, RelayB], "pds.example.com", onFailure: (relay, _) => failures.Add(relay));

        await notifier.RequestCrawlAsync();

        Assert.Equal([RelayA], failures);
        Assert.Contains(client.Requests, r => r.Relay == RelayB);
    }

    [Fact]
    public async Task NoRelays_SendsNothing()
    {
        var client = new RecordingRelayClient();
        var notifier = new CrawlerNotifier(client, [], "pds.example.com");

        await notifier.RequestCrawlAsync();
        await notifier.NotifyActivityAsync();

        Assert.Empty(client.Requests);
    }

    private sealed class RecordingRelayClient : IRelayClient
    {
        public List<(Uri Relay, string Hostname)> Requests { get; } = [];

        public Uri? Failing { get; init; }

        public Task RequestCrawlAsync(Uri relay, string hostname, CancellationToken cancellationToken = default)
        {
            lock (Requests)
            {
                Requests.Add((relay, hostname));
            }

            return relay == Failing ? throw new HttpRequestException("relay down") : Task.CompletedTask;
        }
    }
}
