using ServerlessPds.Pds.Sequencing;

namespace ServerlessPds.Pds.Tests.Sequencing;

public class LocalEventNotifierTests
{
    [Fact]
    public async Task WaitAsync_CompletesOnlyWhenSeqPassesCaller()
    {
        var notifier = new LocalEventNotifier();
        var waiting = notifier.WaitAsync(5);

        notifier.Notify(3);
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);
        notifier.Notify(7);
        notifier.Notify(6);

        Assert.Equal(7, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(7, notifier.LatestSeq);
        Assert.Equal(7, await notifier.WaitAsync(6));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var notifier = new LocalEventNotifier();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => notifier.WaitAsync(0, cancel.Token));
    }
}
