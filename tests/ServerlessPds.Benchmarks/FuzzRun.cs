using System.Diagnostics;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Benchmarks;

/// <summary>
/// The long fuzz run: the CI tests run the same decoders with a fixed seed and few iterations; this runs many, from any
/// seed, and reports any exception that is not the decoder's documented format exception.
/// </summary>
internal static class FuzzRun
{
    private delegate void Decoder(byte[] input);

    public static void Run(long iterations, int seed)
    {
        var random = new Random(seed);
        var sampleRecord = DagCbor.Encode(AtprotoJson.Parse("""{"$type":"app.bsky.feed.post","text":"fuzz ☎","n":-5,"b":{"$bytes":"AAEC"},"l":{"$link":"bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454"},"a":[null,true,{"x":[]}]}"""));
        var sampleCid = Cid.ComputeDagCbor(sampleRecord);
        var sampleCar = CarWriter.Encode([sampleCid], [new CarBlock(sampleCid, sampleRecord)]);
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        var sampleDidKey = System.Text.Encoding.ASCII.GetBytes(key.PublicKey.ToDidKey());

        var targets = new (string Name, byte[] Sample, Decoder Decode, Type Expected)[]
        {
            ("DAG-CBOR", sampleRecord, b => DagCbor.Decode(b), typeof(DagCborFormatException)),
            ("CID", sampleCid.Bytes.ToArray(), b => Cid.FromBytes(b), typeof(CidFormatException)),
            ("CAR", sampleCar, b => CarReader.ReadAll(b), typeof(CarFormatException)),
            ("did:key", sampleDidKey, b => PublicKey.FromDidKey(System.Text.Encoding.Latin1.GetString(b)), typeof(KeyFormatException)),
            ("multibase", System.Text.Encoding.ASCII.GetBytes("b" + Base32.EncodeLower(sampleRecord)), b => Multibase.Decode(System.Text.Encoding.Latin1.GetString(b)), typeof(MultibaseFormatException)),
            ("varint", [0xff, 0xff, 0x03], b => Varint.TryRead(b, out _, out _), typeof(FormatException)),
        };

        var failures = 0;
        Console.WriteLine($"fuzz: {iterations:N0} inputs per decoder, seed {seed}");
        Console.WriteLine($"{"decoder",-10} {"accepted",10} {"rejected",10} {"other",6} {"inputs/s",12}");
        foreach (var (name, sample, decode, expected) in targets)
        {
            long accepted = 0, rejected = 0, other = 0;
            var watch = Stopwatch.StartNew();
            for (long i = 0; i < iterations; i++)
            {
                var input = Mutate(random, sample, i);
                try
                {
                    decode(input);
                    accepted++;
                }
                catch (Exception e) when (expected.IsInstanceOfType(e))
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    other++;
                    if (other <= 3)
                    {
                        Console.WriteLine($"  {name}: {e.GetType().Name}: {e.Message} on {Convert.ToHexString(input)}");
                    }
                }
            }

            failures += (int)Math.Min(other, int.MaxValue);
            Console.WriteLine($"{name,-10} {accepted,10:N0} {rejected,10:N0} {other,6:N0} {iterations / watch.Elapsed.TotalSeconds,12:N0}");
        }

        Console.WriteLine(failures == 0 ? "fuzz: no undocumented exception" : $"fuzz: {failures} undocumented exceptions");
        Environment.ExitCode = failures == 0 ? 0 : 1;
    }

    private static byte[] Mutate(Random random, byte[] sample, long i)
    {
        switch (i % 3)
        {
            case 0:
                var bytes = new byte[random.Next(0, sample.Length * 2)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return sample.AsSpan(0, random.Next(0, sample.Length + 1)).ToArray();
            default:
                var copy = (byte[])sample.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
        }
    }
}
