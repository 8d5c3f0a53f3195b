using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>Reads a host's durable event log back as decoded firehose messages.</summary>
public static class LoggedEvents
{
    /// <summary>Gets the last seq assigned so far.</summary>
    public static Task<long> LatestSeqAsync(this PdsApiFactory pds) => pds.Services.GetRequiredService<IEventLog>().GetLatestSeqAsync();

    /// <summary>Reads the events of <paramref name="did"/> after <paramref name="afterSeq"/>, with their seqs, in log order.</summary>
    public static async Task<List<(long Seq, FirehoseMessage Message)>> EventsOfAsync(this PdsApiFactory pds, string did, long afterSeq = 0)
    {
        var events = await pds.Services.GetRequiredService<IEventLog>().ReadAsync(afterSeq, 100_000);
        return [.. events.Where(e => e.Did.Value == did).Select(e => (e.Seq, e.Event.ToMessage()!))];
    }

    /// <summary>Reads the commit a <c>#sync</c> event carries (the single root of its CAR).</summary>
    public static Commit CommitOf(SyncEvent sync)
    {
        var car = CarReader.ReadAll(sync.Blocks.Span);
        Assert.True(car.TryGetBlock(Assert.Single(car.Roots), out var bytes));
        return Commit.Decode(bytes.Span);
    }
}
