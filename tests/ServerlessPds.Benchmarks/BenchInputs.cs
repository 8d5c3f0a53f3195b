using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Benchmarks;

/// <summary>
/// The deterministic benchmark inputs, ported exactly from tests/node/tools/lib/gen.mjs (its header documents the
/// algorithm), so that this benchmark and the reference one work on the same keys, records and CIDs.
/// </summary>
internal static class BenchInputs
{
    public const long TidBaseMicros = 1_700_000_000_000_000;
    public const string CreatedAt = "2024-01-01T00:00:00.000Z";
    public const string PrivateKeyHex = "a4b1f1b0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c";
    public const string Did = "did:plc:benchbenchbenchbenchbenc";
    private const string S32 = "234567abcdefghijklmnopqrstuvwxyz";

    public sealed record Entry(string Key, byte[] Record, Cid Cid);

    public static List<Entry> Entries(uint seed, int n)
    {
        var prng = new Mulberry32(seed);
        var entries = new List<Entry>(n);
        for (var i = 0; i < n; i++)
        {
            var r1 = prng.NextU32();
            var r2 = prng.NextU32();
            var micros = TidBaseMicros + (i * 1000L) + (r1 % 1000);
            var key = "app.bsky.feed.post/" + TidString(micros, (int)(r2 % 32));
            var record = DagCbor.Encode(DataMap.Of(
                ("$type", DataValue.From("app.bsky.feed.post")),
                ("text", DataValue.From("post " + i)),
                ("createdAt", DataValue.From(CreatedAt))));
            entries.Add(new Entry(key, record, Cid.ComputeDagCbor(record)));
        }

        return entries;
    }

    public static string TidString(long micros, int clockId)
    {
        var v = ((ulong)micros << 10) | (uint)(clockId & 31);
        Span<char> chars = stackalloc char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = S32[(int)(v & 31)];
            v >>= 5;
        }

        return new string(chars);
    }

    private sealed class Mulberry32(uint seed)
    {
        private uint _state = seed;

        public uint NextU32()
        {
            unchecked
            {
                _state += 0x6D2B79F5;
                var a = _state;
                var t = (a ^ (a >> 15)) * (a | 1);
                t = (t + ((t ^ (t >> 7)) * (t | 61))) ^ t;
                return t ^ (t >> 14);
            }
        }
    }
}
