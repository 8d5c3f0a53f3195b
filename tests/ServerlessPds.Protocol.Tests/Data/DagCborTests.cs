using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Data;

public class DagCborTests
{
    public static TheoryData<string, string> NonCanonical() => new()
    {
        { "1817", "integer 23 in a one-byte head" },
        { "190017", "integer in a two-byte head that fits one" },
        { "1a000000ff", "integer in a four-byte head that fits two" },
        { "1b00000000ffffffff", "integer in an eight-byte head that fits four" },
        { "1bffffffffffffffff", "unsigned integer above the signed 64-bit range" },
        { "3bffffffffffffffff", "negative integer below the signed 64-bit range" },
        { "5f4101ff", "indefinite-length byte string" },
        { "9f01ff", "indefinite-length array" },
        { "bf6161 01ff", "indefinite-length map" },
        { "f93c00", "half float" },
        { "fa3f800000", "single float" },
        { "fb3ff0000000000000", "double float" },
        { "f7", "undefined" },
        { "f0", "simple value 16" },
        { "f820", "simple value in a one-byte head" },
        { "c11a514b67b0", "tag 1 (epoch time)" },
        { "d82a4401711220", "tag 42 without the 0x00 prefix" },
        { "d82a6161", "tag 42 over a text string" },
        { "a2616201616101", "map keys out of order" },
        { "a2616101616102", "duplicate map key" },
        { "a2626161016162 02", "longer key before shorter" },
        { "a10101", "integer map key" },
        { "6161 00", "trailing byte" },
        { "62c328", "invalid UTF-8" },
        { "63eda080", "UTF-8 surrogate" },
        { "5a00000010", "byte string longer than the input" },
        { "9b00000000ffffffff", "array count larger than the input" },
        { "", "empty input" },
        { "1c", "reserved additional information 28" },
        { "83 01 02", "array missing an item" },
    };

    [Theory]
    [MemberData(nameof(NonCanonical))]
    public void Decode_NonCanonicalOrInvalid_Throws(string hex, string why)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var e = Assert.Throws<DagCborFormatException>(() => DagCbor.Decode(bytes));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    public static TheoryData<long, string> Integers() => new()
    {
        { 0, "00" }, { 23, "17" }, { 24, "1818" }, { 255, "18ff" }, { 256, "190100" }, { 65535, "19ffff" },
        { 65536, "1a00010000" }, { 4294967295, "1affffffff" }, { 4294967296, "1b0000000100000000" },
        { long.MaxValue, "1b7fffffffffffffff" }, { -1, "20" }, { -24, "37" }, { -25, "3818" }, { -256, "38ff" },
        { -257, "390100" }, { long.MinValue, "3b7fffffffffffffff" },
    };

    [Theory]
    [MemberData(nameof(Integers))]
    public void Encode_Integer_UsesShortestForm(long value, string hex)
    {
        Assert.Equal(hex, Convert.ToHexString(DagCbor.Encode(DataValue.From(value))).ToLowerInvariant());
        Assert.Equal(DataValue.From(value), DagCbor.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Encode_Map_SortsKeysByLengthThenBytes()
    {
        var map = DataMap.Of(("bb", DataValue.From(1)), ("a", DataValue.From(2)), ("c", DataValue.From(3)), ("aaa", DataValue.From(4)));

        var bytes = DagCbor.Encode(map);

        Assert.Equal("a461610261630362626201636161610 4".Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(bytes).ToLowerInvariant());
    }

    [Fact]
    public void Decode_NestingBeyondLimit_Throws()
    {
        var bytes = Enumerable.Repeat((byte)0x81, DagCbor.MaxDepth + 2).Append((byte)0x01).ToArray();
        Assert.Throws<DagCborFormatException>(() => DagCbor.Decode(bytes));
    }

    [Fact]
    public void Decode_NestingAtLimit_Succeeds()
    {
        var bytes = Enumerable.Repeat((byte)0x81, DagCbor.MaxDepth).Append((byte)0x01).ToArray();
        Assert.Equal(bytes, DagCbor.Encode(DagCbor.Decode(bytes)));
    }

    [Fact]
    public void Cid_StringRoundTrip_PreservesBytes()
    {
        var cid = Cid.ComputeDagCbor([0xa0]);
        Assert.Equal(cid, Cid.Parse(cid.ToString()));
        Assert.StartsWith("bafyrei", cid.ToString(), StringComparison.Ordinal);
        Assert.True(cid.IsBlessed);
        Assert.True(cid.Matches([0xa0]));
        Assert.False(cid.Matches([0xa1]));
        Assert.StartsWith("bafkrei", Cid.ComputeRaw([1, 2, 3]).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123", "d76d")]
    [InlineData("AAEC", "000102")]
    [InlineData("AAE", "0001")]
    [InlineData("AAE=", "0001")]
    public void AtprotoJson_Bytes_DecodesUnpaddedBase64IgnoringUnusedBits(string base64, string hex)
    {
        var value = AtprotoJson.Parse($$"""{"$bytes":"{{base64}}"}""");
        Assert.Equal(hex, Convert.ToHexString(((DataBytes)value).Value.Span).ToLowerInvariant());
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AA!A")]
    [InlineData("AA A")]
    public void AtprotoJson_Bytes_RejectsInvalidBase64(string base64) =>
        Assert.Throws<AtprotoJsonFormatException>(() => AtprotoJson.Parse($$"""{"$bytes":"{{base64}}"}"""));
}
