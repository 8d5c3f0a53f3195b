using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Firehose;

/// <summary>The real host on real Kestrel (a free loopback port), with helpers to append events and reach the firehose.</summary>
internal sealed class FirehoseTestHost : IAsyncDisposable
{
    private static long _rev;
    private readonly WebApplication _app;

    private FirehoseTestHost(WebApplication app)
    {
        _app = app;
        BaseUri = new Uri(app.Urls.Single());
    }

    public Uri BaseUri { get; }

    public IServiceProvider Services => _app.Services;

    public FirehoseHub Hub => Services.GetRequiredService<FirehoseHub>();

    public IEventLog Log => Services.GetRequiredService<IEventLog>();

    /// <summary>Starts a host with in-memory storage, or on the storage of <paramref name="connectionString"/>.</summary>
    public static async Task<FirehoseTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, string? connectionString = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var changes = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (connectionString is not null)
        {
            changes["Pds:Storage:ConnectionString"] = connectionString;
        }

        builder.Configuration.AddInMemoryCollection(connectionString is null ? TestSettings.ValidInMemory(changes) : TestSettings.Valid(changes));
        builder.Logging.ClearProviders();
        builder.AddPdsHost();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        Assert.True(app.TryValidateConfiguration(TextWriter.Null));
        app.UsePdsHost();
        await app.StartAsync();
        return new FirehoseTestHost(app);
    }

    public Uri SubscribeUri(string? cursor = null)
    {
        var uri = new UriBuilder(BaseUri) { Scheme = "ws", Path = "/xrpc/com.atproto.sync.subscribeRepos" };
        if (cursor is not null)
        {
            uri.Query = "cursor=" + Uri.EscapeDataString(cursor);
        }

        return uri.Uri;
    }

    /// <summary>Sequences <paramref name="count"/> <c>#identity</c> events (one outbox entry each) through this host's sequencer.</summary>
    /// <returns>The seq of the last one.</returns>
    public async Task<long> AppendAsync(int count, string handlePrefix = "user")
    {
        var sequencer = Services.GetRequiredService<Sequencer>();
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            var did = Did.Parse($"did:plc:firehose{i % 7:d2}aaaaaaaaaaaaaaaaaa");
            var stored = StoredEvent.From(new IdentityEvent
            {
                Did = did,
                Time = AtprotoDatetime.Parse("2025-01-01T00:00:00.000Z"),
                Handle = Handle.Parse($"{handlePrefix}{i}.test"),
            });
            var rev = Tid.FromTime(1_700_000_000_000_000 + Interlocked.Increment(ref _rev), 0);
            var appended = await sequencer.SequenceAsync(did, [new OutboxEntry(rev, [stored])]);
            last = appended[0].FirstSeq;
        }

        return last;
    }

    /// <summary>Sequences one event of an unknown type whose body holds <paramref name="bytes"/> zero bytes.</summary>
    public async Task<long> AppendLargeAsync(int bytes)
    {
        var did = Did.Parse("did:plc:firehoselargeaaaaaaaaaaaa");
        var stored = new StoredEvent("#test", Protocol.Data.DagCbor.Encode(Protocol.Data.DataMap.Of(("data", Protocol.Data.DataValue.From(new byte[bytes])))));
        var rev = Tid.FromTime(1_700_000_000_000_000 + Interlocked.Increment(ref _rev), 0);
        var appended = await Services.GetRequiredService<Sequencer>().SequenceAsync(did, [new OutboxEntry(rev, [stored])]);
        return appended[0].FirstSeq;
    }

    /// <summary>Waits (up to a minute) until <paramref name="condition"/> holds.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
