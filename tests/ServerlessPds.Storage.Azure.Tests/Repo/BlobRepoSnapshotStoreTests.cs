using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary><see cref="BlobRepoSnapshotStore"/> on Azurite: staged writes, atomic replacement, abandonment, concurrent writers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobRepoSnapshotStoreTests(AzuriteFixture azurite)
{
    private static readonly Did Did = Did.Parse("did:plc:snapshotstoretest2345abc");
    private static readonly Cid RootA = Cid.ComputeDagCbor("a"u8);
    private static readonly Cid RootB = Cid.ComputeDagCbor("b"u8);
    private static readonly Tid RevA = Tid.Parse("3kaaaaaaaaa22");
    private static readonly Tid RevB = Tid.Parse("3kbbbbbbbbb22");

    [Fact]
    public async Task Complete_ManyBlocks_ReadsBackWithRootRevAndLength()
    {
        var store = await NewStoreAsync();
        var bytes = Pattern(2 * BlobLimits.DefaultBlockBytes + 12_345, seed: 1);

        await WriteAsync(store, bytes, RootA, RevA, complete: true);

        var (root, rev, read) = await ReadAsync(store);
        Assert.Equal(RootA, root);
        Assert.Equal(RevA, rev);
        Assert.Equal(bytes, read);
    }

    [Fact]
    public async Task Dispose_WithoutComplete_LeavesTheOldSnapshot()
    {
        var store = await NewStoreAsync();
        var old = Pattern(1000, seed: 2);
        await WriteAsync(store, old, RootA, RevA, complete: true);

        await WriteAsync(store, Pattern(BlobLimits.DefaultBlockBytes + 10, seed: 3), RootB, RevB, complete: false);

        var (root, _, read) = await ReadAsync(store);
        Assert.Equal(RootA, root);
        Assert.Equal(old, read);
    }

    [Fact]
    public async Task ConcurrentWriters_StagingAtOnce_NeverMixTheirBlocks()
    {
        var store = await NewStoreAsync();
        var a = Pattern(BlobLimits.DefaultBlockBytes + 500, seed: 4);
        var b = Pattern(BlobLimits.DefaultBlockBytes + 700, seed: 5);
        await using var writerA = store.BeginWrite(Did);
        await using var writerB = store.BeginWrite(Did);
        await writerA.WriteAsync(a);
        await writerB.WriteAsync(b);

        await writerB.CompleteAsync(RootB, RevB);
        var lateA = await Record.ExceptionAsync(() => writerA.CompleteAsync(RootA, RevA));

        var (root, _, read) = await ReadAsync(store);
        Assert.Equal(lateA is null ? RootA : RootB, root);
        Assert.Equal(lateA is null ? a : b, read);
    }

    [Fact]
    public async Task Open_Absent_IsNull_AndDeleteIsIdempotent()
    {
        var store = await NewStoreAsync();
        Assert.Null(await store.OpenAsync(Did));
        await WriteAsync(store, Pattern(10, seed: 6), RootA, RevA, complete: true);

        await store.DeleteAsync(Did);
        await store.DeleteAsync(Did);

        Assert.Null(await store.OpenAsync(Did));
    }

    private async Task<BlobRepoSnapshotStore> NewStoreAsync() =>
        new(azurite.Connection, await AzureRepoStorage.CreateAsync(azurite.Connection));

    private static async Task WriteAsync(BlobRepoSnapshotStore store, byte[] bytes, Cid root, Tid rev, bool complete)
    {
        await using var writer = store.BeginWrite(Did);
        foreach (var chunk in bytes.Chunk(100_000))
        {
            await writer.WriteAsync(chunk);
        }

        if (complete)
        {
            await writer.CompleteAsync(root, rev);
        }
    }

    private static async Task<(Cid Root, Tid Rev, byte[] Bytes)> ReadAsync(BlobRepoSnapshotStore store)
    {
        await using var snapshot = (await store.OpenAsync(Did))!;
        using var buffer = new MemoryStream();
        await snapshot.Content.CopyToAsync(buffer);
        Assert.Equal(snapshot.Length, buffer.Length);
        return (snapshot.Root, snapshot.Rev, buffer.ToArray());
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
