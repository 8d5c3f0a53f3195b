using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Data;

public class DataModelInteropTests
{
    public static TheoryData<string> Fixtures() =>
        InteropVectors.Rows(InteropVectors.JsonArray("data-model/data-model-fixtures.json").Select(e => e.GetRawText()));

    public static TheoryData<string> Valid() =>
        InteropVectors.Rows(InteropVectors.JsonArray("data-model/data-model-valid.json").Select(e => e.GetRawText()));

    public static TheoryData<string> Invalid() =>
        InteropVectors.Rows(InteropVectors.JsonArray("data-model/data-model-invalid.json").Select(e => e.GetRawText()));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Encode_Fixture_MatchesCborBytesAndCid(string fixture)
    {
        using var doc = JsonDocument.Parse(fixture);
        var expectedBytes = FromBase64NoPad(doc.RootElement.GetProperty("cbor_base64").GetString()!);
        var value = AtprotoJson.ToDataValue(doc.RootElement.GetProperty("json"));

        var (bytes, cid) = DagCbor.EncodeBlock(value);

        Assert.Equal(Convert.ToHexString(expectedBytes), Convert.ToHexString(bytes));
        Assert.Equal(doc.RootElement.GetProperty("cid").GetString(), cid.ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_FixtureBytes_RoundTripsToSameJsonAndBytes(string fixture)
    {
        using var doc = JsonDocument.Parse(fixture);
        var bytes = FromBase64NoPad(doc.RootElement.GetProperty("cbor_base64").GetString()!);

        var decoded = DagCbor.Decode(bytes);

        Assert.Equal(AtprotoJson.ToDataValue(doc.RootElement.GetProperty("json")), decoded);
        Assert.Equal(bytes, DagCbor.Encode(AtprotoJson.Parse(AtprotoJson.Serialize(decoded))));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void ToRecord_ValidJson_Converts(string testCase)
    {
        using var doc = JsonDocument.Parse(testCase);
        var value = AtprotoJson.ToRecord(doc.RootElement.GetProperty("json"));
        Assert.Equal(value, DagCbor.Decode(DagCbor.Encode(value)));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ToRecord_InvalidJson_Throws(string testCase)
    {
        using var doc = JsonDocument.Parse(testCase);
        Assert.Throws<AtprotoJsonFormatException>(() => AtprotoJson.ToRecord(doc.RootElement.GetProperty("json")));
    }

    private static byte[] FromBase64NoPad(string s) => Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
}
