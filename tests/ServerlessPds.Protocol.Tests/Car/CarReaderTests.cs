using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Car;

public class CarReaderTests
{
    public static TheoryData<string> ReaderModes => new() { "span", "seekable", "chunked" };

    [Theory]
    [MemberData(nameof(ReaderModes))]
    public void Read_ReferenceRepoCar_RootIsCommitAndEveryBlockVerifies(string mode)
    {
        var json = CarTestData.RepoJson;
        var car = CarTestData.File("repo.car");
        var (roots, blocks) = Read(car, mode);

        Assert.Equal([Cid.Parse(json.GetProperty("commit").GetString()!)], roots);
        Assert.Equal(json.GetProperty("carBlockCount").GetInt32(), blocks.Count);
        Assert.Equal(json.GetProperty("carBytes").GetInt32(), car.Length);
        Assert.All(blocks, b => Assert.Equal(b.Cid, Cid.ComputeDagCbor(b.Bytes.Span)));
        var cids = blocks.Select(b => b.Cid).ToHashSet();
        Assert.Contains(Cid.Parse(json.GetProperty("data").GetString()!), cids);
        foreach (var record in json.GetProperty("records").EnumerateArray())
        {
            Assert.Contains(Cid.Parse(record.GetProperty("cid").GetString()!), cids);
        }
    }

    [Theory]
    [MemberData(nameof(ReaderModes))]
    public void Read_ReferenceDiffCar_HoldsExactlyTheDiffBlocks(string mode)
    {
        var diff = CarTestData.RepoJson.GetProperty("diff");
        var (roots, blocks) = Read(CarTestData.File("diff.car"), mode);

        Assert.Equal([Cid.Parse(diff.GetProperty("commit").GetString()!)], roots);
        Assert.Equal(diff.GetProperty("blockCount").GetInt32(), blocks.Count);
        var expected = diff.GetProperty("blocks").EnumerateArray().Select(e => Cid.Parse(e.GetString()!)).ToHashSet();
        Assert.Equal(expected, blocks.Select(b => b.Cid).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ReaderModes))]
    public void Read_ReferenceTruncatedCar_ThrowsNamingTheCutBlock(string mode)
    {
        var truncated = CarTestData.RepoJson.GetProperty("truncated");
        var cut = Cid.Parse(truncated.GetProperty("cutInsideBlock").GetString()!);

        var e = Assert.Throws<CarFormatException>(() => Read(CarTestData.File("truncated.car"), mode));

        Assert.Equal(truncated.GetProperty("completeBlocks").GetInt32(), e.BlockIndex);
        Assert.Equal(cut, e.Cid);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains(cut.ToString(), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [MemberData(nameof(ReaderModes))]
    public void Read_ReferenceCorruptCar_ThrowsNamingTheCorruptBlock(string mode)
    {
        var corrupt = CarTestData.RepoJson.GetProperty("corrupt");
        var bad = Cid.Parse(corrupt.GetProperty("block").GetString()!);

        var e = Assert.Throws<CarFormatException>(() => Read(CarTestData.File("corrupt.car"), mode));

        Assert.Equal(bad, e.Cid);
        Assert.Contains(bad.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("does not match its CID", e.Message, StringComparison.Ordinal);
        Assert.InRange(corrupt.GetProperty("byteOffset").GetInt64(), e.Offset, e.Offset + 2048);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task ReadBlocksAsync_CorruptCar_ReturnsTheBlocksBeforeTheBadOne()
    {
        using var reader = await CarReader.OpenAsync(new MemoryStream(CarTestData.File("corrupt.car")));
        var good = new List<CarBlock>();
        var e = await Assert.ThrowsAsync<CarFormatException>(async () =>
        {
            await foreach (var block in reader.ReadBlocksAsync())
            {
                good.Add(block);
            }
        });

        Assert.Equal(good.Count, e.BlockIndex);
        Assert.Equal(reader.BlocksRead, good.Count);
        Assert.True(good.Count > 0);
    }

    public static TheoryData<string, byte[], string> MalformedCars()
    {
        var cid = Cid.ComputeDagCbor([0xa0]);
        var sha512Cid = new byte[] { 0x01, 0x71, 0x13, 0x40 }.Concat(new byte[64]).ToArray();
        var dagPbCid = new byte[] { 0x01, 0x70, 0x12, 0x20 }.Concat(new byte[32]).ToArray();
        var validHeader = Header(DataMap.Of(("roots", new DataArray([DataValue.From(cid)])), ("version", DataValue.From(1))));
        return new TheoryData<string, byte[], string>
        {
            { "empty input", [], "the input is empty" },
            { "header varint cut", [0x80], "truncated: the input ends inside the length varint" },
            { "header varint over-long", [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "over-long" },
            { "header length zero", [0x00], "the header length is zero" },
            { "header too long", Prefix(100_000), "at most 65536 are accepted" },
            { "header cut", [.. Prefix(30), 0xa2], "truncated: the header claims 30 bytes" },
            { "header not a map", Header(new DataArray([])), "not a map" },
            { "header version 2", Header(DataMap.Of(("version", DataValue.From(2)))), "CARv2" },
            { "header version 3", Header(DataMap.Of(("roots", new DataArray([])), ("version", DataValue.From(3)))), "version is 3" },
            { "header without version", Header(DataMap.Of(("roots", new DataArray([])))), "no 'version'" },
            { "header without roots", Header(DataMap.Of(("version", DataValue.From(1)))), "no 'roots' array" },
            { "header roots not array", Header(DataMap.Of(("roots", DataValue.From(cid)), ("version", DataValue.From(1)))), "no 'roots' array" },
            { "header root not link", Header(DataMap.Of(("roots", new DataArray([DataValue.From("x")])), ("version", DataValue.From(1)))), "header root 0 is a String" },
            { "header extra key", Header(DataMap.Of(("roots", new DataArray([])), ("version", DataValue.From(1)), ("x", DataValue.Null))), "unexpected key 'x'" },
            { "header not canonical", [.. Prefix(3), 0xb9, 0x00, 0x00], "not canonical DAG-CBOR" },
            { "zero-length section", [.. validHeader, 0x00], "zero-length section" },
            { "section of 2^60 bytes", [.. validHeader, .. Prefix(1UL << 60), 0x01], "the section claims 1152921504606846976 bytes" },
            { "section just over the limit", [.. validHeader, .. Prefix(CarReaderOptions.DefaultMaxBlockBytes + 37UL)], "at most 2097188 are accepted" },
            { "section varint cut", [.. validHeader, 0xff], "inside the length varint" },
            { "section cut", [.. validHeader, .. Prefix(40), .. cid.Bytes, 0xa0], "truncated: the section claims 40 bytes but only 37 remain" },
            { "malformed CID", [.. validHeader, .. Prefix(3), 0x12, 0x20, 0x00], "malformed CID" },
            { "SHA-512 CID", [.. validHeader, .. Prefix(69), .. sha512Cid, 0xa0], "unsupported hash function 0x13" },
            { "dag-pb CID", [.. validHeader, .. Prefix(37), .. dagPbCid, 0xa0], "unsupported codec 0x70" },
            { "hash mismatch", [.. validHeader, .. Prefix(37), .. cid.Bytes, 0xa1], "does not match its CID" },
            { "trailing garbage", [.. validHeader, .. Prefix(37), .. cid.Bytes, 0xa0, 0x05, 0x01], "truncated" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedCars))]
    public void Read_MalformedCar_ThrowsCarFormatExceptionNamingTheProblem(string name, byte[] car, string expected)
    {
        foreach (var mode in new[] { "span", "seekable", "chunked" })
        {
            var e = Assert.Throws<CarFormatException>(() => Read(car, mode));
            Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name} ({mode}): {e.Message}");
            Assert.StartsWith("CAR ", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void Read_EmptyRootsAndNoBlocks_IsValid()
    {
        var car = Header(DataMap.Of(("roots", new DataArray([])), ("version", DataValue.From(1))));
        var contents = CarReader.ReadAll(car);

        Assert.Empty(contents.Roots);
        Assert.Empty(contents.Blocks);
        Assert.Empty(CarTestData.ReadStream(car, seekable: false, maxChunk: 1).Blocks);
    }

    [Fact]
    public void Read_BlocksLargerThanTheBuffer_ArriveWholeThroughOneByteReads()
    {
        var random = new Random(7);
        CarBlock[] blocks = [CarTestData.RandomBlock(random, 10), CarTestData.RandomBlock(random, 300_000), CarTestData.RandomBlock(random, 70_000), CarTestData.RandomBlock(random, 1)];
        var car = CarWriter.Encode([blocks[0].Cid], blocks);

        CarTestData.AssertSameBlocks(blocks, CarTestData.ReadStream(car, seekable: false, maxChunk: 4093).Blocks);
        CarTestData.AssertSameBlocks(blocks, CarTestData.ReadStream(car, seekable: false, maxChunk: 1).Blocks);
    }

    [Fact]
    public void Read_BlockOverACustomLimit_Throws()
    {
        var random = new Random(8);
        var block = CarTestData.RandomBlock(random, 5000);
        var car = CarWriter.Encode([], [block]);
        var options = new CarReaderOptions { MaxBlockBytes = 4096 };

        var e = Assert.Throws<CarFormatException>(() => CarReader.ReadAll(car, options));

        Assert.Equal(0, e.BlockIndex);
        Assert.Contains("4096-byte block", e.Message, StringComparison.Ordinal);
        Assert.Throws<CarFormatException>(() => CarTestData.ReadStream(car, options: options));
    }

    [Fact]
    public async Task ReadBlocksAsync_SecondEnumeration_ThrowsInvalidOperation()
    {
        using var reader = await CarReader.OpenAsync(new MemoryStream(CarTestData.File("diff.car")));
        await foreach (var _ in reader.ReadBlocksAsync())
        {
        }

        Assert.Equal(CarTestData.File("diff.car").Length, reader.BytesRead);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in reader.ReadBlocksAsync())
            {
            }
        });
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 0)]
    [InlineData(CarReaderOptions.MaxLimitBytes + 1, 100)]
    public async Task OpenAsync_LimitOutOfRange_ThrowsArgumentOutOfRange(int maxBlock, int maxHeader)
    {
        var options = new CarReaderOptions { MaxBlockBytes = maxBlock, MaxHeaderBytes = maxHeader };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await CarReader.OpenAsync(new MemoryStream(CarTestData.File("repo.car")), options));
        Assert.Throws<ArgumentOutOfRangeException>(() => CarReader.ReadAll(CarTestData.File("repo.car"), options));
    }

    [Fact]
    public void CarContents_TryGetBlock_FindsBlocksByCid()
    {
        var contents = CarReader.ReadAll(CarTestData.File("repo.car"));
        var commit = contents.Roots[0];

        Assert.True(contents.TryGetBlock(commit, out var bytes));
        Assert.Equal(commit, Cid.ComputeDagCbor(bytes.Span));
        Assert.False(contents.TryGetBlock(Cid.ComputeDagCbor([0xf6]), out _));
    }

    internal static (IReadOnlyList<Cid> Roots, IReadOnlyList<CarBlock> Blocks) Read(byte[] car, string mode)
    {
        if (mode == "span")
        {
            var contents = CarReader.ReadAll(car);
            return (contents.Roots, contents.Blocks);
        }

        return CarTestData.ReadStream(car, seekable: mode == "seekable", maxChunk: 7);
    }

    private static byte[] Prefix(ulong value)
    {
        var bytes = new byte[Varint.GetLength(value)];
        Varint.Write(value, bytes);
        return bytes;
    }

    private static byte[] Header(DataValue header)
    {
        var bytes = DagCbor.Encode(header);
        return [.. Prefix((ulong)bytes.Length), .. bytes];
    }
}
