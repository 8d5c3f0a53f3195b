using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Storage;

/// <summary>The <see cref="IBlobStore"/> contract, with the uploader and the garbage collector on top; a derived class runs it on another store.</summary>
public class MemoryBlobStoreTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>Creates an empty store on <paramref name="time"/>.</summary>
    internal virtual Task<IBlobStore> NewStoreAsync(TimeProvider time) => Task.FromResult<IBlobStore>(new MemoryBlobStore(time));

    /// <summary>Counts the stored byte copies (committed and staged).</summary>
    internal virtual Task<int> CountBytesAsync(IBlobStore store) => Task.FromResult(((MemoryBlobStore)store).StoredByteCount);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)]
    [InlineData(200_000)]
    public async Task Upload_ThenOpen_ReturnsBytesAndMetadata(int size)
    {
        var (store, time) = await NewAsync();
        var bytes = Bytes(size, size);

        var blob = await Uploader(store).UploadAsync(TestIds.Did(), new MemoryStream(bytes), "application/x-test");
        var handle = await store.OpenAsync(TestIds.Did(), blob.Cid);
        await using var all = await handle!.ReadAsync(0, size);
        using var copy = new MemoryStream();
        await all.CopyToAsync(copy);

        Assert.Equal(new StoredBlob(TestIds.Did(), Cid.ComputeRaw(bytes), size, "application/x-test", time.GetUtcNow()), blob with { CreatedAt = time.GetUtcNow() });
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(blob, handle.Blob);
        Assert.Equal(blob, await store.GetAsync(TestIds.Did(), blob.Cid));
        Assert.Null(await store.GetAsync(TestIds.Did(1), blob.Cid));
        if (size > 10)
        {
            await using var middle = await handle.ReadAsync(3, 7);
            using var part = new MemoryStream();
            await middle.CopyToAsync(part);
            Assert.Equal(bytes[3..10], part.ToArray());
        }
    }

    [Fact]
    public async Task Upload_SameBytesTwice_KeepsOneCopyAndTheFirstType()
    {
        var (store, _) = await NewAsync();
        var bytes = Bytes(1000, 1);

        var first = await Uploader(store).UploadAsync(TestIds.Did(), new MemoryStream(bytes), "text/x-first");
        var second = await Uploader(store).UploadAsync(TestIds.Did(), new MemoryStream(bytes), "text/x-second");
        var other = await Uploader(store).UploadAsync(TestIds.Did(1), new MemoryStream(bytes), "text/x-other");

        Assert.Equal(first, second);
        Assert.Equal(first.Cid, other.Cid);
        Assert.Equal(2, await CountBytesAsync(store));
    }

    [Fact]
    public async Task Upload_StreamFailsMidway_LeavesNothing()
    {
        var (store, time) = await NewAsync();

        await Assert.ThrowsAsync<IOException>(() => Uploader(store).UploadAsync(TestIds.Did(), new FailingStream(Bytes(300_000, 2), 150_000), "image/png"));
        time.Advance(Grace * 2);

        Assert.Empty(await ListCollectableAsync(store, time.GetUtcNow()));
        Assert.Equal(0, await CountBytesAsync(store));
    }

    [Fact]
    public async Task Upload_OverTheLimit_IsPayloadTooLargeAndLeavesNothing()
    {
        var (store, _) = await NewAsync();

        var error = await Assert.ThrowsAsync<Protocol.Xrpc.XrpcException>(() => new BlobUploader(store, 1000).UploadAsync(TestIds.Did(), new MemoryStream(Bytes(1001, 3)), "image/png"));

        Assert.Equal(413, error.Status);
        Assert.Equal(0, await CountBytesAsync(store));
    }

    [Fact]
    public async Task Sweep_DeletesOnlyOldUnreferencedUnclaimedBlobs()
    {
        var (store, time) = await NewAsync();
        var uploader = Uploader(store);
        var old = await uploader.UploadAsync(TestIds.Did(), new MemoryStream(Bytes(100, 10)), "image/png");
        var referenced = await uploader.UploadAsync(TestIds.Did(), new MemoryStream(Bytes(100, 11)), "image/png");
        var claimed = await uploader.UploadAsync(TestIds.Did(), new MemoryStream(Bytes(100, 12)), "image/png");
        var leftover = await store.StageAsync(TestIds.Did(), new MemoryStream(Bytes(100, 13)));
        time.Advance(Grace + TimeSpan.FromMinutes(1));
        var fresh = await uploader.UploadAsync(TestIds.Did(), new MemoryStream(Bytes(100, 14)), "image/png");
        Assert.NotNull(await store.ClaimAsync(TestIds.Did(), claimed.Cid));
        var references = new SetReferences((TestIds.Did(), referenced.Cid));

        var result = await new BlobGarbageCollector(store, references, new BlobGarbageCollectorOptions { GracePeriod = Grace }, time).RunOnceAsync();

        Assert.Equal(new BlobSweepResult(Examined: 3, Referenced: 1, Deleted: 2, Changed: 0), result);
        Assert.Null(await store.GetAsync(TestIds.Did(), old.Cid));
        Assert.Null(await store.ClaimAsync(TestIds.Did(), old.Cid));
        Assert.NotNull(await store.GetAsync(TestIds.Did(), referenced.Cid));
        Assert.NotNull(await store.GetAsync(TestIds.Did(), claimed.Cid));
        Assert.NotNull(await store.GetAsync(TestIds.Did(), fresh.Cid));
        Assert.Equal(3, await CountBytesAsync(store));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(leftover, Cid.ComputeRaw(Bytes(100, 13)), 100, "image/png"));
    }

    [Fact]
    public async Task Delete_AfterAClaimSinceListing_FailsAndKeepsTheBlob()
    {
        var (store, time) = await NewAsync();
        var blob = await Uploader(store).UploadAsync(TestIds.Did(), new MemoryStream(Bytes(100, 20)), "image/png");
        time.Advance(Grace * 2);
        var item = Assert.Single(await ListCollectableAsync(store, time.GetUtcNow() - Grace));

        Assert.Equal(blob, await store.ClaimAsync(TestIds.Did(), blob.Cid));
        Assert.False(await store.DeleteAsync(item));
        Assert.NotNull(await store.GetAsync(TestIds.Did(), blob.Cid));
        var again = Assert.Single(await ListCollectableAsync(store, time.GetUtcNow() + TimeSpan.FromSeconds(1)));
        Assert.True(await store.DeleteAsync(again));
        Assert.Null(await store.ClaimAsync(TestIds.Did(), blob.Cid));
        Assert.False(await store.DeleteAsync(again));
    }

    [Fact]
    public async Task Reupload_AfterCollection_StoresAFreshCopy()
    {
        var (store, time) = await NewAsync();
        var bytes = Bytes(5000, 21);
        var blob = await Uploader(store).UploadAsync(TestIds.Did(), new MemoryStream(bytes), "image/png");
        time.Advance(Grace * 2);
        Assert.True(await store.DeleteAsync(Assert.Single(await ListCollectableAsync(store, time.GetUtcNow()))));

        var again = await Uploader(store).UploadAsync(TestIds.Did(), new MemoryStream(bytes), "image/png");
        await using var read = await (await store.OpenAsync(TestIds.Did(), again.Cid))!.ReadAsync(0, bytes.Length);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);

        Assert.Equal(blob.Cid, again.Cid);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(1, await CountBytesAsync(store));
    }

    [Fact]
    public async Task List_PagesInCidStringOrderAndFiltersByClaimTime()
    {
        var (store, time) = await NewAsync();
        var uploader = Uploader(store);
        var cids = new List<Cid>();
        for (var i = 0; i < 7; i++)
        {
            cids.Add((await uploader.UploadAsync(TestIds.Did(), new MemoryStream(Bytes(10, 30 + i)), "text/plain")).Cid);
        }

        await uploader.UploadAsync(TestIds.Did(1), new MemoryStream(Bytes(10, 99)), "text/plain");
        time.Advance(TimeSpan.FromMinutes(30));
        var since = time.GetUtcNow();
        await store.ClaimAsync(TestIds.Did(), cids[4]);

        var first = await store.ListAsync(TestIds.Did(), null, null, 3);
        var second = await store.ListAsync(TestIds.Did(), first[^1], null, 3);
        var third = await store.ListAsync(TestIds.Did(), second[^1], null, 3);

        Assert.Equal(cids.OrderBy(c => c.ToString(), StringComparer.Ordinal), [.. first, .. second, .. third]);
        Assert.Single(third);
        Assert.Equal([cids[4]], await store.ListAsync(TestIds.Did(), null, since, 10));
    }

    internal static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static BlobUploader Uploader(IBlobStore store) => new(store, 10_000_000);

    private static async Task<List<BlobSweepItem>> ListCollectableAsync(IBlobStore store, DateTimeOffset before)
    {
        var items = new List<BlobSweepItem>();
        await foreach (var item in store.ListCollectableAsync(before))
        {
            items.Add(item);
        }

        return items;
    }

    private async Task<(IBlobStore Store, ManualTimeProvider Time)> NewAsync()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow.AddHours(-10));
        return (await NewStoreAsync(time), time);
    }

    private sealed class SetReferences(params (Did Did, Cid Cid)[] referenced) : IBlobReferences
    {
        public Task<bool> IsReferencedAsync(Did did, Cid cid, CancellationToken cancellationToken = default) =>
            Task.FromResult(referenced.Contains((did, cid)));
    }

    private sealed class FailingStream(byte[] bytes, int failAt) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAt)
            {
                throw new IOException("The client went away.");
            }

            var n = Math.Min(Math.Min(count, failAt - _position), 10_000);
            bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
