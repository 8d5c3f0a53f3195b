using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Lexicon;

/// <summary>
/// The interop record vectors, validated against the interop catalog's <c>example.lexicon.record</c>. Every invalid
/// case must be rejected by the validator itself, with an error located at the offending field.
/// </summary>
/// <remarks>
/// Two vectors hold <c>{"$bytes": "123"}</c>, base64 whose last character has non-zero unused bits; like the
/// reference implementations, <see cref="AtprotoJson.ToRecord"/> ignores those bits, so the vectors convert unchanged.
/// </remarks>
public class RecordValidationInteropTests
{
    private static readonly Nsid Collection = Nsid.Parse("example.lexicon.record");

    public static TheoryData<string, string, string> Valid() => Cases("lexicon/record-data-valid.json");

    public static TheoryData<string, string, string> Invalid() => Cases("lexicon/record-data-invalid.json");

    [Theory]
    [MemberData(nameof(Valid))]
    public void ValidateRecord_InteropValid_IsValid(string name, string rkey, string data)
    {
        var validator = new LexiconValidator(LexiconTestCatalog.Instance);
        using var json = JsonDocument.Parse(data);
        var record = ToRecord(json.RootElement);

        var result = validator.ValidateRecord(Collection, record);

        Assert.True(result.IsValid, $"{name}: {result.Message}");
        Assert.True(validator.ValidateRecordKey(Collection, RecordKey.Parse(rkey)).IsValid);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ValidateRecord_InteropInvalid_IsInvalidAtTheOffendingField(string name, string rkey, string data)
    {
        var validator = new LexiconValidator(LexiconTestCatalog.Instance);
        using var json = JsonDocument.Parse(data);
        var record = ToRecord(json.RootElement);

        var result = validator.ValidateRecord(Collection, record);

        Assert.Equal(LexiconValidationStatus.Invalid, result.Status);
        var field = json.RootElement.EnumerateObject().Select(p => p.Name).LastOrDefault(n => n is not ("$type" or "integer")) ?? "integer";
        Assert.True(result.Errors.Any(e => e.Path == "$." + field || e.Path.StartsWith($"$.{field}.", StringComparison.Ordinal) || e.Path.StartsWith($"$.{field}[", StringComparison.Ordinal)), $"{name}: {result.Message}");
        Assert.True(validator.ValidateRecordKey(Collection, RecordKey.Parse(rkey)).IsValid);
    }

    private static DataMap ToRecord(JsonElement json) => AtprotoJson.ToRecord(json);

    private static TheoryData<string, string, string> Cases(string file)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var item in InteropVectors.JsonArray(file))
        {
            data.Add(item.GetProperty("name").GetString()!, item.GetProperty("rkey").GetString()!, item.GetProperty("data").GetRawText());
        }

        return data;
    }
}
