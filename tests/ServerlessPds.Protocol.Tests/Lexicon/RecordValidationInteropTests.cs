using System.Text.Json;
using System.Text.Json.Nodes;
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
/// Two vectors hold <c>{"$bytes": "123"}</c>, base64 whose last character has non-zero unused bits: the valid "full"
/// case and the invalid "unknown wrong type (bytes)". <see cref="AtprotoJson.ToRecord"/> rejects that text (its
/// base64 decoder is strict), while the reference implementations decode it leniently to two bytes. So that these
/// rows test the lexicon rules rather than the base64 decoder, <see cref="ToRecord"/> first rewrites every
/// <c>$bytes</c> string to the canonical encoding of the bytes a lenient decoder reads. Every other case converts
/// unchanged, and no invalid case is rejected by the conversion alone.
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

    private static DataMap ToRecord(JsonElement json)
    {
        var node = JsonNode.Parse(json.GetRawText())!;
        Canonicalize(node);
        return AtprotoJson.ToRecord(JsonSerializer.SerializeToElement(node));
    }

    private static void Canonicalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && obj["$bytes"] is JsonValue value && value.TryGetValue<string>(out var text):
                obj["$bytes"] = Convert.ToBase64String(DecodeLenient(text)).TrimEnd('=');
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList())
                {
                    Canonicalize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Canonicalize(child);
                }

                break;
        }
    }

    /// <summary>Decodes unpadded standard base64, ignoring the unused low bits of the last character (as Go and Node do).</summary>
    private static byte[] DecodeLenient(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var sextet = alphabet.IndexOf(c, StringComparison.Ordinal);
            Assert.True(sextet >= 0, $"'{c}' is not base64");
            buffer = (buffer << 6) | sextet;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }

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
