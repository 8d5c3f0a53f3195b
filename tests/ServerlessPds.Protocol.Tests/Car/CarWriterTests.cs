using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Car;

public class CarWriterTests
{
    [Theory]
    [InlineData("repo.car")]
    [InlineData("diff.car")]
    public async Task WriteBlockAsync_ReferenceBlocks_ReproducesTheReferenceFileByteForByte(string file)
    {
        var reference = CarTestData.File(file);
        var contents = CarReader.ReadAll(reference);
        using var output = new MemoryStream();

        await using (var writer = await CarWriter.CreateAsync(output, contents.Roots))
        {
            foreach (var block in contents.Blocks)
            {
                await writer.WriteBlockAsync(block);
            }

            Assert.Equal(reference.Length, writer.BytesWritten);
            Assert.Equal(contents.Blocks.Count, writer.BlocksWritten);
        }

        Assert.Equal(reference, output.ToArray());
        Assert.Equal(reference, CarWriter.Encode(contents.Roots, contents.Blocks));
    }

    public static TheoryData<int, int> RoundTripShapes => new()
    {
        { 0, 0 },
        { 1, 10 },
        { 500, 200 },
        { 3, 300_000 },
        { 2000, 3000 },
    };

    [Theory]
    [MemberData(nameof(RoundTripShapes))]
    public async Task WriteThenRead_RandomBlocks_ReturnsTheSameBlocksAndRoots(int count, int maxPayloadBytes)
    {
        var random = new Random(count + maxPayloadBytes);
        var blocks = Enumerable.Range(0, count).Select(_ => CarTestData.RandomBlock(random, random.Next(maxPayloadBytes + 1))).ToList();
        Cid[] roots = count == 0 ? [] : [blocks[^1].Cid, blocks[0].Cid];
        using var output = new MemoryStream();
        await using (var writer = await CarWriter.CreateAsync(output, roots))
        {
            foreach (var block in blocks)
            {
                await writer.WriteBlockAsync(block.Cid, block.Bytes);
            }

            await writer.FlushAsync();
            Assert.Equal(output.Length, writer.BytesWritten);
        }

        var car = output.ToArray();
        Assert.Equal(car, CarWriter.Encode(roots, blocks));
        var streamed = await CarTestData.ReadStreamAsync(new ChunkedStream(car, 1000));
        Assert.Equal(roots, streamed.Roots);
        CarTestData.AssertSameBlocks(blocks, streamed.Blocks);
        var all = CarReader.ReadAll(car);
        Assert.Equal(roots, all.Roots);
        CarTestData.AssertSameBlocks(blocks, all.Blocks);
    }

    [Fact]
    public async Task WriteBlockAsync_ManySmallBlocks_FewLargeStreamWritesAndNoAllocationPerBlock()
    {
        var random = new Random(11);
        var blocks = Enumerable.Range(0, 2000).Select(_ => CarTestData.RandomBlock(random, 200)).ToArray();
        var sink = new CountingStream();
        var writer = await CarWriter.CreateAsync(sink, [blocks[0].Cid]);
        for (var warmUp = 0; warmUp < 1000; warmUp++)
        {
            await writer.WriteBlockAsync(blocks[warmUp]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
        {
            foreach (var block in blocks)
            {
                var pending = writer.WriteBlockAsync(block);
                Assert.True(pending.IsCompletedSuccessfully);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await writer.DisposeAsync();

        // Under a byte per block: nothing per block (the smallest object is 24 bytes); Debug builds allocate the async
        // state machine of the occasional buffer drain.
        Assert.True(allocated < 20_000, $"writing 20,000 buffered blocks allocated {allocated} bytes");
        Assert.Equal(writer.BytesWritten, sink.Bytes);
        Assert.True(sink.Writes <= (sink.Bytes / CarWriter.BufferBytes) + 1, $"{sink.Writes} writes for {sink.Bytes} bytes");
    }

    [Fact]
    public async Task CreateAsync_HeaderLargerThanTheBuffer_RoundTrips()
    {
        var roots = Enumerable.Range(0, 5000).Select(i => Cid.ComputeDagCbor(BitConverter.GetBytes(i))).ToArray();
        var block = CarTestData.RandomBlock(new Random(3), 10);
        using var output = new MemoryStream();
        await using (var writer = await CarWriter.CreateAsync(output, roots))
        {
            await writer.WriteBlockAsync(block);
        }

        var options = new CarReaderOptions { MaxHeaderBytes = 1 << 20 };
        var contents = CarReader.ReadAll(output.ToArray(), options);
        Assert.Equal(roots, contents.Roots);
        CarTestData.AssertSameBlocks([block], contents.Blocks);
        Assert.Throws<CarFormatException>(() => CarReader.ReadAll(output.ToArray()));
    }

    [Fact]
    public async Task WriteBlockAsync_DefaultCid_ThrowsArgumentException()
    {
        await using var writer = await CarWriter.CreateAsync(new MemoryStream(), []);

        Assert.Throws<ArgumentException>(() => writer.WriteBlockAsync(default, new byte[] { 0xa0 }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await CarWriter.CreateAsync(new MemoryStream(), [default]));
        Assert.Throws<ArgumentException>(() => CarWriter.Encode([], [new CarBlock(default, new byte[] { 0xa0 })]));
    }

    [Fact]
    public async Task WriteBlockAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var output = new MemoryStream();
        var writer = await CarWriter.CreateAsync(output, []);
        await writer.DisposeAsync();
        await writer.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => writer.WriteBlockAsync(Cid.ComputeDagCbor([0xa0]), new byte[] { 0xa0 }));
        Assert.Empty(CarReader.ReadAll(output.ToArray()).Roots);
    }

    private sealed class CountingStream : Stream
    {
        public long Bytes { get; private set; }

        public int Writes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position
        {
            get => Bytes;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            Bytes += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return default;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
