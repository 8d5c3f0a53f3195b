using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Data;

public class VarintTests
{
    public static TheoryData<ulong, string> KnownEncodings() => new()
    {
        { 0UL, "00" },
        { 1UL, "01" },
        { 127UL, "7F" },
        { 128UL, "8001" },
        { 255UL, "FF01" },
        { 300UL, "AC02" },
        { 16384UL, "808001" },
        { 0xE7UL, "E701" },
        { 0x1200UL, "8024" },
        { 0x71UL, "71" },
        { (1UL << 56) - 1, "FFFFFFFFFFFFFF7F" },
        { Varint.MaxValue, "FFFFFFFFFFFFFFFF7F" },
    };

    public static TheoryData<string> RejectedEncodings() => new()
    {
        string.Empty,
        "80",
        "FFFF",
        "8000",
        "FF00",
        "808000",
        "FFFFFFFFFFFFFFFFFF01",
        "80808080808080808001",
    };

    [Theory]
    [MemberData(nameof(KnownEncodings))]
    public void Write_KnownValue_MatchesMultiformatsEncoding(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxBytes];
        var written = Varint.Write(value, buffer);

        Assert.Equal(hex, Convert.ToHexString(buffer, 0, written));
        Assert.Equal(written, Varint.GetLength(value));
        Assert.True(Varint.TryRead(Convert.FromHexString(hex + "AB"), out var read, out var bytesRead));
        Assert.Equal(value, read);
        Assert.Equal(written, bytesRead);
    }

    [Theory]
    [MemberData(nameof(RejectedEncodings))]
    public void TryRead_TruncatedOverlongOrNonMinimal_ReturnsFalse(string hex)
    {
        Assert.False(Varint.TryRead(Convert.FromHexString(hex), out var value, out var bytesRead));
        Assert.Equal(0UL, value);
        Assert.Equal(0, bytesRead);
    }

    [Fact]
    public void Write_ValueAbove63Bits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Varint.Write(1UL << 63, new byte[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Varint.GetLength(ulong.MaxValue));
    }

    [Fact]
    public void Write_ShortDestination_ThrowsAndWritesNothing()
    {
        var buffer = new byte[1];
        Assert.Throws<ArgumentException>(() => Varint.Write(300, buffer));
        Assert.Equal(0, buffer[0]);
    }

    [Fact]
    public void WriteThenRead_RandomValuesOfEveryLength_RoundTrip()
    {
        var random = new Random(1201);
        var buffer = new byte[Varint.MaxBytes];
        for (var i = 0; i < 20_000; i++)
        {
            var value = (ulong)random.NextInt64() >> random.Next(64);
            var written = Varint.Write(value, buffer);
            var groups = 1;
            for (var rest = value >> 7; rest != 0; rest >>= 7)
            {
                groups++;
            }

            Assert.Equal(groups, written);
            Assert.True(Varint.TryRead(buffer.AsSpan(0, written), out var read, out var bytesRead));
            Assert.Equal(value, read);
            Assert.Equal(written, bytesRead);
            Assert.False(Varint.TryRead(buffer.AsSpan(0, written - 1), out _, out _));
        }
    }

    [Fact]
    public void TryRead_RandomBytes_AcceptsOnlyCanonicalEncodings()
    {
        var random = new Random(77);
        var input = new byte[12];
        var buffer = new byte[Varint.MaxBytes];
        var accepted = 0;
        for (var i = 0; i < 50_000; i++)
        {
            random.NextBytes(input);
            var length = random.Next(input.Length + 1);
            for (var j = 0; j < length; j++)
            {
                input[j] |= (byte)(random.Next(4) == 0 ? 0 : 0x80); // mostly continuation bytes, to reach long varints
            }

            if (Varint.TryRead(input.AsSpan(0, length), out var value, out var bytesRead))
            {
                accepted++;
                Assert.InRange(bytesRead, 1, Varint.MaxBytes);
                Assert.True(value <= Varint.MaxValue);
                var written = Varint.Write(value, buffer);
                Assert.True(buffer.AsSpan(0, written).SequenceEqual(input.AsSpan(0, bytesRead)));
            }
        }

        Assert.InRange(accepted, 1000, 49_000);
    }
}
