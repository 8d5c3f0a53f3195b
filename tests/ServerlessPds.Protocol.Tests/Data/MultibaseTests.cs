using System.Text;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Data;

public class MultibaseTests
{
    public static TheoryData<string, string> KnownEncodings() => new()
    {
        { "z", string.Empty },
        { "b", string.Empty },
        { "z2NEpo7TZRRrLZSi2U", Convert.ToHexString(Encoding.ASCII.GetBytes("Hello World!")) },
        { "z112", "000001" },
        { "z111LUu", "000000FFFE" },
        { "baaaacaqd74", "0000010203FF" },
        { "bmzxw6ytboi", Convert.ToHexString(Encoding.ASCII.GetBytes("foobar")) },
    };

    public static TheoryData<string> Rejected() => new()
    {
        string.Empty,
        "Z2NEpo7TZRRrLZSi2U",
        "B",
        "fdeadbeef",
        "m1234",
        "u1234",
        "2NEpo7TZRRrLZSi2U",
        "z0",
        "zO",
        "zI",
        "zl",
        "z+",
        "z 2NEpo",
        "z2NEpo\n",
        "zé",
        "bMZXW6",
        "bmzxw6ytboi=",
        "bm",
        "bmzxw7",
        "z" + new string('2', Multibase.MaxBase58Chars + 1),
    };

    [Theory]
    [MemberData(nameof(KnownEncodings))]
    public void EncodeAndDecode_KnownValue_RoundTrip(string text, string hex)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Equal(bytes, Multibase.Decode(text));
        var encoded = text[0] == 'z' ? Multibase.EncodeBase58Btc(bytes) : Multibase.EncodeBase32Lower(bytes);
        Assert.Equal(text, encoded);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Decode_UnsupportedOrMalformed_ThrowsMultibaseFormatException(string text)
    {
        Assert.Throws<MultibaseFormatException>(() => Multibase.Decode(text));
    }

    [Fact]
    public void Decode_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Multibase.Decode(null!));
    }

    [Fact]
    public void Decode_LongestAcceptedBase58_DecodesQuickly()
    {
        var text = "z" + new string('z', Multibase.MaxBase58Chars);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var bytes = Multibase.Decode(text);

        Assert.InRange(bytes.Length, 2900, 3000);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    [Fact]
    public void EncodeThenDecode_RandomBytesWithLeadingZeros_RoundTrip()
    {
        var random = new Random(58);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            bytes.AsSpan(0, Math.Min(bytes.Length, random.Next(4))).Clear();

            Assert.Equal(bytes, Multibase.Decode(Multibase.EncodeBase58Btc(bytes)));
            Assert.Equal(bytes, Multibase.Decode(Multibase.EncodeBase32Lower(bytes)));
        }
    }

    [Fact]
    public void Decode_RandomText_ThrowsOnlyMultibaseFormatExceptionAndAcceptsOnlyCanonicalText()
    {
        const string Pool = "zb123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl=+/ -_";
        var random = new Random(8);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = Pool[random.Next(j == 0 ? 2 : Pool.Length - (random.Next(3) == 0 ? 0 : 10))];
            }

            var text = new string(chars);
            try
            {
                var bytes = Multibase.Decode(text);
                accepted++;
                var again = text[0] == 'z' ? Multibase.EncodeBase58Btc(bytes) : Multibase.EncodeBase32Lower(bytes);
                Assert.Equal(text, again);
            }
            catch (MultibaseFormatException)
            {
            }
        }

        Assert.InRange(accepted, 500, 19_000);
    }
}
