using ServerlessPds.Pds.Storage.Memory;

namespace ServerlessPds.Pds.Tests.Storage;

public class MemoryPendingDirectoryTests
{
    [Fact]
    public async Task ClearAsync_AfterRemark_KeepsMarker()
    {
        var pending = new MemoryPendingDirectory();
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
