using System.Buffers.Text;

namespace ServerlessPds.Pds.Auth;

/// <summary>Base64url without padding (RFC 7515 §2), decoding only the canonical form.</summary>
internal static class Base64UrlStrict
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Decodes canonical unpadded base64url; anything else (padding, whitespace, other characters, non-zero
    /// trailing bits) fails.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        return Base64Url.EncodeToString(bytes).AsSpan().SequenceEqual(text);
    }
}
