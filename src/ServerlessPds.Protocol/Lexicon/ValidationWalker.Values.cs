using System.Globalization;
using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Strings, numbers, booleans, bytes, blobs, unknown and tokens.</summary>
internal sealed partial class ValidationWalker
{
    private static string Describe(DataValue value) => value switch
    {
        DataNull => "null",
        DataBoolean => "a boolean",
        DataInteger => "an integer",
        DataString => "a string",
        DataBytes => "bytes",
        DataLink => "a CID link",
        DataArray => "an array",
        DataMap map when map.GetString("$type") == BlobRef.TypeName => "a blob",
        _ => "an object",
    };

    private static string Expected(string expected, DataValue value) => $"must be {expected}, not {Describe(value)}";

    /// <summary>Counts the extended grapheme clusters of <paramref name="text"/>, stopping at <paramref name="limit"/>.</summary>
    private static int CountGraphemes(string text, int limit)
    {
        var rest = text.AsSpan();
        var count = 0;
        while (!rest.IsEmpty && count < limit)
        {
            rest = rest[StringInfo.GetNextTextElementLength(rest)..];
            count++;
        }

        return count;
    }

    private void Check(bool ok, string expected, DataValue value)
    {
        if (!ok)
        {
            Error(Expected(expected, value));
        }
    }

    private void ValidateString(LexiconString schema, DataValue value)
    {
        if (value is not DataString data)
        {
            Error(Expected("a string", value));
            return;
        }

        var text = data.Value;
        if (schema.Const is { } constant && !string.Equals(text, constant, StringComparison.Ordinal))
        {
            Error($"must be \"{constant}\"");
        }

        if (schema.EnumValues is { } allowed && System.Array.IndexOf(allowed, text) < 0)
        {
            Error($"must be one of: {string.Join(", ", allowed)}");
        }

        // A UTF-16 code unit takes 1 to 3 UTF-8 bytes, so most strings skip the byte count.
        if ((schema.MaxLength is { } maxBytes && text.Length * 3L > maxBytes) || (schema.MinLength is { } minBytes && text.Length < minBytes))
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > schema.MaxLength)
            {
                Error($"must not be longer than {schema.MaxLength} bytes of UTF-8 (it has {bytes})");
            }
            else if (bytes < schema.MinLength)
            {
                Error($"must not be shorter than {schema.MinLength} bytes of UTF-8 (it has {bytes})");
            }
        }

        // A grapheme cluster has at least one UTF-16 code unit, so short strings skip the count.
        if (schema.MaxGraphemes is { } maxGraphemes && text.Length > maxGraphemes && CountGraphemes(text, maxGraphemes + 1) > maxGraphemes)
        {
            Error($"must not be longer than {maxGraphemes} graphemes (it has {CountGraphemes(text, int.MaxValue)})");
        }

        if (schema.MinGraphemes is { } minGraphemes && (text.Length < minGraphemes || CountGraphemes(text, minGraphemes) < minGraphemes))
        {
            Error($"must not be shorter than {minGraphemes} graphemes (it has {CountGraphemes(text, int.MaxValue)})");
        }

        if (schema.Format is { } format && !LexiconStringFormats.IsValid(format, text))
        {
            Error($"must be a valid {format} string");
        }
    }

    private void ValidateInteger(LexiconInteger schema, DataValue value)
    {
        if (value is not DataInteger data)
        {
            Error(Expected("an integer", value));
            return;
        }

        var n = data.Value;
        if (schema.Const is { } constant && n != constant)
        {
            Error($"must be {constant}");
        }

        if (schema.EnumValues is { } allowed && System.Array.IndexOf(allowed, n) < 0)
        {
            Error($"must be one of: {string.Join(", ", allowed)}");
        }

        if (n > schema.Maximum)
        {
            Error($"must not be greater than {schema.Maximum} (it is {n})");
        }

        if (n < schema.Minimum)
        {
            Error($"must not be less than {schema.Minimum} (it is {n})");
        }
    }

    private void ValidateBoolean(LexiconBoolean schema, DataValue value)
    {
        if (value is not DataBoolean data)
        {
            Error(Expected("a boolean", value));
        }
        else if (schema.Const is { } constant && data.Value != constant)
        {
            Error($"must be {(constant ? "true" : "false")}");
        }
    }

    private void ValidateBytes(LexiconBytes schema, DataValue value)
    {
        if (value is not DataBytes data)
        {
            Error(Expected("bytes", value));
            return;
        }

        var length = data.Value.Length;
        if (length > schema.MaxLength)
        {
            Error($"must not be longer than {schema.MaxLength} bytes (it has {length})");
        }
        else if (length < schema.MinLength)
        {
            Error($"must not be shorter than {schema.MinLength} bytes (it has {length})");
        }
    }

    private void ValidateBlob(LexiconBlob schema, DataValue value)
    {
        string mimeType;
        long? size = null;
        if (value is DataMap map && map.GetString("$type") == BlobRef.TypeName)
        {
            if (map.Count != 4 || map["ref"] is not DataLink || map["mimeType"] is not DataString mime
                || map["size"] is not DataInteger { Value: >= 0 } blobSize)
            {
                Error("must be a blob: exactly $type \"blob\", a ref link, a mimeType string and a non-negative integer size");
                return;
            }

            mimeType = mime.Value;
            size = blobSize.Value;
        }
        else if (_allowLegacyBlobs && value is DataMap legacy && legacy.Count == 2
            && legacy["cid"] is DataString cid && Cid.TryParse(cid.Value, out _) && legacy["mimeType"] is DataString legacyMime)
        {
            mimeType = legacyMime.Value;
        }
        else
        {
            Error(Expected("a blob", value));
            return;
        }

        if (!schema.Accepts(mimeType))
        {
            Push("mimeType");
            Error($"\"{mimeType}\" is not an accepted type: {string.Join(", ", schema.Accept!)}");
            Pop();
        }

        if (size > schema.MaxSize)
        {
            Push("size");
            Error($"the blob is {size} bytes, more than the most allowed, {schema.MaxSize}");
            Pop();
        }
    }

    private void ValidateUnknown(DataValue value)
    {
        // Spec: atproto.com/specs/lexicon, "unknown": an object; not a primitive, array, bytes, link or blob.
        if (value is not DataMap map || map.GetString("$type") == BlobRef.TypeName)
        {
            Error(Expected("an object", value));
        }
    }

    private void ValidateToken(LexiconToken token, DataValue value)
    {
        if (value is not DataString name || !LexiconReference.Matches(token.Target, name.Value))
        {
            Error($"must be the token \"{token.Id}\"");
        }
    }
}
