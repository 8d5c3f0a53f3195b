using System.Diagnostics;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Car;

/// <summary>Random, truncated and bit-flipped CARs: the readers throw only <see cref="CarFormatException"/>, never hang, never over-allocate.</summary>
public class CarFuzzTests
{
    private const int Seed = 20261122;

    private static readonly CarBlock[] SmallBlocks = MakeSmallBlocks();

    private static readonly byte[] SmallCar = CarWriter.Encode([SmallBlocks[0].Cid], SmallBlocks);

    public static TheoryData<string> Modes => new() { "span", "seekable", "chunked" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Read_RandomBytes_ThrowsOnlyCarFormatException(string mode)
    {
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5000; i++)
        {
            var input = new byte[random.Next(0, 96)];
            random.NextBytes(input);
            if (i % 2 == 0 && input.Length > 12)
            {
                SmallCar.AsSpan(0, 12).CopyTo(input); // start like a real header so the sections get exercised too
            }

            try
            {
                var (_, blocks) = CarReaderTests.Read(input, mode);
                Assert.All(blocks, b => Assert.True(b.Cid.Matches(b.Bytes.Span)));
            }
            catch (CarFormatException)
            {
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "reading random input must not hang");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Read_EveryTruncation_ThrowsOrEndsExactlyOnASectionBoundary(string mode)
    {
        var boundaries = SectionBoundaries();
        for (var length = 0; length < SmallCar.Length; length++)
        {
            var input = SmallCar.AsSpan(0, length).ToArray();
            try
            {
                var (_, blocks) = CarReaderTests.Read(input, mode);
                var at = Array.IndexOf(boundaries, length);
                Assert.True(at >= 0, $"a CAR cut at {length} bytes, inside a section, was accepted");
                CarTestData.AssertSameBlocks(SmallBlocks[..at], blocks);
            }
            catch (CarFormatException e)
            {
                Assert.DoesNotContain(length, boundaries);
                Assert.InRange(e.Offset, 0, length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Read_BitFlips_ThrowOrReturnTheOriginalBlocks(string mode)
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < 3000; i++)
        {
            var input = (byte[])SmallCar.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
            }

            try
            {
                var (_, blocks) = CarReaderTests.Read(input, mode);

                // Only the header's root CID can change undetected; every block is bound to its CID by its hash.
                CarTestData.AssertSameBlocks(SmallBlocks, blocks);
            }
            catch (CarFormatException)
            {
            }
        }
    }

    [Fact]
    public void Read_EveryTruncationOfTheReferenceRepo_ThrowsOnlyCarFormatException()
    {
        var car = CarTestData.File("repo.car");
        for (var length = 0; length < car.Length; length += 3)
        {
            try
            {
                Assert.True(CarReader.ReadAll(car.AsSpan(0, length)).Blocks.Count < 67);
            }
            catch (CarFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData(1UL << 60, 100)]
    [InlineData((ulong)CarReaderOptions.MaxLimitBytes, 300_000)]
    public void ReadStream_NonSeekableHugeClaim_AllocatesOnlyWhatTheInputJustifies(ulong claim, int inputBytes)
    {
        var header = SmallCar.AsSpan(0, HeaderLength()).ToArray();
        var prefix = new byte[Varint.GetLength(claim)];
        Varint.Write(claim, prefix);
        var input = new byte[header.Length + prefix.Length + inputBytes];
        header.CopyTo(input, 0);
        prefix.CopyTo(input, header.Length);
        SmallBlocks[0].Cid.Bytes.CopyTo(input.AsSpan(header.Length + prefix.Length));
        var options = new CarReaderOptions { MaxBlockBytes = CarReaderOptions.MaxLimitBytes };
        Assert.Throws<CarFormatException>(() => CarTestData.ReadStream(input, seekable: false, maxChunk: 65_536, options: options)); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CarFormatException>(() => CarTestData.ReadStream(input, seekable: false, maxChunk: 65_536, options: options));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(claim > (ulong)CarReaderOptions.MaxLimitBytes ? "at most" : "truncated", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < (4L * inputBytes) + 200_000, $"{allocated} bytes allocated for {inputBytes} bytes of input claiming {claim}");
    }

    private static int HeaderLength()
    {
        Varint.TryRead(SmallCar, out var length, out var read);
        return read + (int)length;
    }

    private static int[] SectionBoundaries()
    {
        var boundaries = new List<int>();
        var position = HeaderLength();
        boundaries.Add(position);
        while (position < SmallCar.Length)
        {
            Varint.TryRead(SmallCar.AsSpan(position), out var length, out var read);
            position += read + (int)length;
            boundaries.Add(position);
        }

        return [.. boundaries];
    }

    private static CarBlock[] MakeSmallBlocks()
    {
        var random = new Random(Seed);
        return [.. Enumerable.Range(0, 4).Select(i => CarTestData.RandomBlock(random, i * 7))];
    }
}
