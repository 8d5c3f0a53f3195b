namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Base32 with the RFC 4648 alphabet in lower case and no padding (<c>abcdefghijklmnopqrstuvwxyz234567</c>), the
/// encoding of multibase prefix <c>b</c> that atproto uses for CIDs in text.
/// </summary>
/// <remarks>
/// Decoding is strict, so that each byte string has exactly one accepted text form: only lower-case letters and
/// digits 2-7, no padding or whitespace, no length that no byte string encodes to (1, 3 or 6 modulo 8), and the
/// unused bits of the last character must be zero.
/// Spec: atproto.com/specs/data-model (CID string encoding), RFC 4648 section 6.
/// </remarks>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Encodes bytes as lower-case, unpadded base32.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <returns>The text: ceil(8 × length / 5) characters from the lower-case alphabet.</returns>
    public static string EncodeLower(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var chars = new char[((bytes.Length * 8) + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var o = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFF; // at most 12 bits are still unconsumed
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[o++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[o] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars);
    }

    /// <summary>Gets the number of bytes that <paramref name="charCount"/> base32 characters decode to.</summary>
    /// <param name="charCount">The number of characters, not negative.</param>
    /// <returns>The byte count, or -1 if no byte string encodes to that many characters.</returns>
    public static int GetDecodedLength(int charCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charCount);
        return (charCount % 8) is 1 or 3 or 6 ? -1 : (int)((long)charCount * 5 / 8);
    }

    /// <summary>Decodes lower-case, unpadded base32 text into <paramref name="destination"/>.</summary>
    /// <param name="text">The characters, without a multibase prefix.</param>
    /// <param name="destination">The buffer; it must hold <see cref="GetDecodedLength(int)"/> bytes.</param>
    /// <param name="written">The number of bytes written, or 0 when the method returns <see langword="false"/>.</param>
    /// <returns>
    /// <see langword="true"/> if the text is strict base32 and fits; <see langword="false"/> if it is malformed or
    /// <paramref name="destination"/> is too short (the destination may then hold partial output).
    /// </returns>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        var length = GetDecodedLength(text.Length);
        if (length < 0 || destination.Length < length)
        {
            return false;
        }

        var buffer = 0;
        var bits = 0;
        var o = 0;
        foreach (var c in text)
        {
            var v = c < 128 ? Values[c] : -1;
            if (v < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | v) & 0xFFF; // at most 12 bits are still unconsumed
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                destination[o++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            return false; // the unused low bits of the last character must be zero
        }

        written = o;
        return true;
    }

    /// <summary>Decodes lower-case, unpadded base32 text.</summary>
    /// <param name="text">The characters, without a multibase prefix.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="MultibaseFormatException">The text is not strict lower-case base32.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = GetDecodedLength(text.Length);
        if (length < 0)
        {
            throw new MultibaseFormatException($"A base32 string cannot be {text.Length} characters long.");
        }

        var bytes = new byte[length];
        if (!TryDecode(text, bytes, out _))
        {
            throw new MultibaseFormatException("The text is not lower-case, unpadded base32 with zero trailing bits.");
        }

        return bytes;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
