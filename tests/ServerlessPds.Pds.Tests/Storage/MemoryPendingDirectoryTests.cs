using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;

namespace ServerlessPds.Pds.Tests.Storage;

public class MemoryPendingDirectoryTests
{
    /// <summary>Creates an empty directory; a derived class runs these tests on another implementation.</summary>
    internal virtual IPendingDirectory NewPending() => new MemoryPendingDirectory();

    [Fact]
    public async Task ClearAsync_AfterRemark_KeepsMarker()
    {
        var pending = NewPending();
        var did = TestIds.Did();
        var first = await pending.MarkAsync(did);
        var second = await pending.MarkAsync(did);

        Assert.NotEqual(first.Version, second.Version);
        Assert.False(await pending.ClearAsync(first));
        Assert.Equal([second], await pending.ListAsync(10));
        Assert.True(await pending.ClearAsync(second));
        Assert.Empty(await pending.ListAsync(10));
        Assert.True(await pending.ClearAsync(second));
    }
}
