using System.Text;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Data;

public class Base32Tests
{
    public static TheoryData<string, string> Rfc4648Vectors() => new()
    {
        { string.Empty, string.Empty },
        { "f", "my" },
        { "fo", "mzxq" },
        { "foo", "mzxw6" },
        { "foob", "mzxw6yq" },
        { "fooba", "mzxw6ytb" },
        { "foobar", "mzxw6ytboi" },
    };

    public static TheoryData<string> Rejected() => new()
    {
        "MZXW6",
        "mzXw6",
        "my======",
        "mzxw6===",
        "m",
        "mzx",
        "mzxw6y",
        "mz",
        "mzxr",
        "mzxw7",
        "mzxw6yr",
        "mzxw6ytboj",
        "mzxw 6",
        "mzxw1",
        "mzxw8",
        "mzxw-",
        "mzxwé",
    };

    [Theory]
    [MemberData(nameof(Rfc4648Vectors))]
    public void EncodeLowerAndDecode_Rfc4648Vector_RoundTrip(string plain, string encoded)
    {
        var bytes = Encoding.ASCII.GetBytes(plain);

        Assert.Equal(encoded, Base32.EncodeLower(bytes));
        Assert.Equal(bytes, Base32.Decode(encoded));
        Assert.Equal(bytes.Length, Base32.GetDecodedLength(encoded.Length));
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Decode_NotStrictLowerBase32_ThrowsMultibaseFormatException(string text)
    {
        Assert.Throws<MultibaseFormatException>(() => Base32.Decode(text));
        Assert.False(Base32.TryDecode(text, new byte[16], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryDecode_DestinationTooShort_ReturnsFalse()
    {
        Assert.False(Base32.TryDecode("mzxw6ytboi", new byte[5], out _));
        Assert.True(Base32.TryDecode("mzxw6ytboi", new byte[6], out var written));
        Assert.Equal(6, written);
    }

    [Fact]
    public void EncodeLowerThenDecode_RandomBytes_RoundTrip()
    {
        var random = new Random(32);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            var text = Base32.EncodeLower(bytes);
            Assert.Equal((bytes.Length * 8 + 4) / 5, text.Length);
            Assert.All(text, c => Assert.Contains(c, "abcdefghijklmnopqrstuvwxyz234567"));
            Assert.Equal(bytes, Base32.Decode(text));
        }
    }

    [Fact]
    public void Decode_RandomText_ThrowsOnlyMultibaseFormatExceptionAndAcceptsOnlyCanonicalText()
    {
        const string Pool = "abcdefghijklmnopqrstuvwxyz234567ABZ01890=- ";
        var random = new Random(4648);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            var poolLength = random.Next(2) == 0 ? 32 : Pool.Length;
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = Pool[random.Next(poolLength)];
            }

            var text = new string(chars);
            try
            {
                var bytes = Base32.Decode(text);
                accepted++;
                Assert.Equal(text, Base32.EncodeLower(bytes));
            }
            catch (MultibaseFormatException)
            {
            }
        }

        Assert.InRange(accepted, 500, 19_000);
    }
}
