using System.Diagnostics;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Data;

/// <summary>Random bytes, truncations and bit flips of valid inputs: decoders throw only their own format exception.</summary>
public class DecoderFuzzTests
{
    private const int Seed = 20261121;

    private static readonly byte[][] ValidSamples =
    [
        DagCbor.Encode(AtprotoJson.Parse("""{"$type":"app.bsky.feed.post","text":"hello ☎ world","createdAt":"2024-01-01T00:00:00.000Z","langs":["en"],"n":-123456789,"big":9007199254740991,"b":{"$bytes":"AAECAwQ"},"l":{"$link":"bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454"},"x":[null,true,false,{"a":[[]]}]}""")),
        DagCbor.Encode(new BlobRef(Cid.ComputeRaw([1, 2, 3]), "image/png", 3).ToData()),
    ];

    [Fact]
    public void DagCborDecode_RandomBytes_ThrowsOnlyFormatException() =>
        Fuzz(random =>
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            return bytes;
        });

    [Fact]
    public void DagCborDecode_TruncatedValid_ThrowsOnlyFormatException()
    {
        foreach (var sample in ValidSamples)
        {
            for (var length = 0; length < sample.Length; length++)
            {
                Assert.Throws<DagCborFormatException>(() => DagCbor.Decode(sample.AsSpan(0, length)));
            }
        }
    }

    [Fact]
    public void DagCborDecode_BitFlippedValid_ThrowsOnlyFormatExceptionOrReencodesIdentically() =>
        Fuzz(random =>
        {
            var sample = (byte[])ValidSamples[random.Next(ValidSamples.Length)].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                sample[random.Next(sample.Length)] ^= (byte)(1 << random.Next(8));
            }

            return sample;
        });

    [Fact]
    public void CidRead_RandomAndMutatedBytes_ThrowsOnlyCidFormatException()
    {
        var random = new Random(Seed);
        var valid = Cid.ComputeDagCbor([1]).Bytes.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var input = i % 2 == 0 ? RandomBytes(random, random.Next(0, 48)) : Mutate(random, valid);
            try
            {
                var cid = Cid.Read(input, out var read);
                Assert.InRange(read, 1, input.Length);
                Assert.Equal(input.AsSpan(0, read).ToArray(), cid.Bytes.ToArray());
            }
            catch (CidFormatException)
            {
            }
        }
    }

    private static void Fuzz(Func<Random, byte[]> generate)
    {
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20_000; i++)
        {
            var input = generate(random);
            try
            {
                var value = DagCbor.Decode(input);
                Assert.Equal(input, DagCbor.Encode(value));
            }
            catch (DagCborFormatException)
            {
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "decoding random input must not hang");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var copy = valid.AsSpan(0, random.Next(0, valid.Length + 1)).ToArray();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }
}
