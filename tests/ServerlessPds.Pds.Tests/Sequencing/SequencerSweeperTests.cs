using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Sequencing;

public class SequencerSweeperTests
{
    [Fact]
    public async Task RunOnceAsync_YoungMarker_DrainsOutboxButKeepsMarker()
    {
        using var h = new EngineHarness();
        await h.NewWriter(log: new FaultyEventLog(h.Log, new FaultInjector { CrashAtStep = 1 })).CreateRepoAsync(h.Did, h.Key);
        Assert.Equal(0, await h.Log.GetLatestSeqAsync());

        var result = await h.NewSweeper().RunOnceAsync();

        Assert.Equal((1, 1, 0), (result.Markers, result.EntriesDrained, result.MarkersCleared));
        Assert.Equal(2, await h.Log.GetLatestSeqAsync());
        Assert.Empty(await h.Repos.ListOutboxAsync(h.Did));
        Assert.Single(await h.Pending.ListAsync(10));
        Assert.Equal(2, await h.Notifier.WaitAsync(0));
    }

    [Fact]
    public async Task RunOnceAsync_IdleMarker_ClearedOnlyWhenNotRemarked()
    {
        using var h = new EngineHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        h.Time.Advance(TimeSpan.FromHours(1));

        var remarking = new RemarkingPendingDirectory(h.Pending);
        var first = await h.NewSweeper(pending: remarking).RunOnceAsync();
        var second = await h.NewSweeper().RunOnceAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        var third = await h.NewSweeper().RunOnceAsync();

        Assert.Equal(0, first.MarkersCleared);
        Assert.Equal(0, second.MarkersCleared);
        Assert.Equal(1, third.MarkersCleared);
        Assert.Empty(await h.Pending.ListAsync(10));
        Assert.Equal(2, await h.Log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task RunOnceAsync_FailingRepo_ReportedAndOthersSwept()
    {
        using var h = new EngineHarness();
        var broken = TestIds.Did(7);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        await h.Pending.MarkAsync(broken);
        h.Time.Advance(TimeSpan.FromHours(1));

        var result = await h.NewSweeper(repos: new BrokenForRepoStore(h.Repos, broken)).RunOnceAsync();

        Assert.Equal(broken, Assert.Single(result.Failures).Key);
        Assert.Equal(1, result.MarkersCleared);
        Assert.Equal([broken], (await h.Pending.ListAsync(10)).Select(m => m.Did));
    }

    /// <summary>Re-marks every listed DID right after listing, as a concurrent writer would.</summary>
    private sealed class RemarkingPendingDirectory(IPendingDirectory inner) : IPendingDirectory
    {
        public Task<PendingMarker> MarkAsync(Did did, CancellationToken cancellationToken = default) => inner.MarkAsync(did, cancellationToken);

        public async Task<IReadOnlyList<PendingMarker>> ListAsync(int limit, CancellationToken cancellationToken = default)
        {
            var markers = await inner.ListAsync(limit, cancellationToken);
            foreach (var marker in markers)
            {
                await inner.MarkAsync(marker.Did, cancellationToken);
            }

            return markers;
        }

        public Task<bool> ClearAsync(PendingMarker marker, CancellationToken cancellationToken = default) => inner.ClearAsync(marker, cancellationToken);
    }
}
