using SimpleBase;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Multibase text: one prefix character naming the base, then the encoded bytes. The two bases atproto uses are
/// supported: <c>z</c> (base58btc, the Bitcoin alphabet; public keys) and <c>b</c> (lower-case, unpadded RFC 4648
/// base32; CIDs).
/// </summary>
/// <remarks>Spec: atproto.com/specs/cryptography (multibase keys), atproto.com/specs/data-model (CID strings), multiformats multibase.</remarks>
public static class Multibase
{
    /// <summary>The multibase prefix of base58btc.</summary>
    public const char Base58BtcPrefix = 'z';

    /// <summary>The multibase prefix of lower-case, unpadded base32.</summary>
    public const char Base32LowerPrefix = 'b';

    /// <summary>
    /// The longest base58btc text accepted by <see cref="Decode(string)"/>, in characters after the prefix (about 2.9
    /// KiB of bytes). Base58 decoding takes time quadratic in the length, so the limit keeps it bounded; atproto only
    /// carries short values (keys, hashes) in base58btc.
    /// </summary>
    public const int MaxBase58Chars = 4096;

    /// <summary>Encodes bytes as base58btc multibase text.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <returns><c>z</c> followed by the base58btc (Bitcoin alphabet) digits; each leading zero byte becomes a <c>1</c>.</returns>
    public static string EncodeBase58Btc(ReadOnlySpan<byte> bytes) => Base58BtcPrefix + Base58.Bitcoin.Encode(bytes);

    /// <summary>Encodes bytes as base32 multibase text.</summary>
    /// <param name="bytes">The bytes to encode.</param>
    /// <returns><c>b</c> followed by lower-case, unpadded base32 (see <see cref="Base32.EncodeLower"/>).</returns>
    public static string EncodeBase32Lower(ReadOnlySpan<byte> bytes) => Base32LowerPrefix + Base32.EncodeLower(bytes);

    /// <summary>Decodes multibase text whose prefix is <c>z</c> (base58btc) or <c>b</c> (base32 lower).</summary>
    /// <param name="text">The multibase text, prefix included.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="MultibaseFormatException">
    /// The text is empty, its prefix is not <c>z</c> or <c>b</c>, its body is not valid in that base, or a base58btc
    /// body is longer than <see cref="MaxBase58Chars"/>.
    /// </exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new MultibaseFormatException("A multibase string cannot be empty: it needs at least its prefix.");
        }

        var body = text.AsSpan(1);
        return text[0] switch
        {
            Base58BtcPrefix => DecodeBase58(body),
            Base32LowerPrefix => DecodeBase32(body),
            _ => throw new MultibaseFormatException($"Unsupported multibase prefix '{text[0]}': only 'z' (base58btc) and 'b' (base32) are accepted."),
        };
    }

    private static byte[] DecodeBase32(ReadOnlySpan<char> body)
    {
        var length = Base32.GetDecodedLength(body.Length);
        if (length < 0)
        {
            throw new MultibaseFormatException($"A base32 string cannot be {body.Length} characters long.");
        }

        var bytes = new byte[length];
        if (!Base32.TryDecode(body, bytes, out _))
        {
            throw new MultibaseFormatException("The multibase 'b' body is not lower-case, unpadded base32 with zero trailing bits.");
        }

        return bytes;
    }

    private static byte[] DecodeBase58(ReadOnlySpan<char> body)
    {
        if (body.Length > MaxBase58Chars)
        {
            throw new MultibaseFormatException($"The base58btc body has {body.Length} characters; at most {MaxBase58Chars} are accepted.");
        }

        foreach (var c in body)
        {
            // The Bitcoin alphabet: digits 1-9 and letters, without 0, O, I and l.
            if (!char.IsAsciiLetterOrDigit(c) || c is '0' or 'O' or 'I' or 'l')
            {
                throw new MultibaseFormatException($"'{c}' is not a base58btc character.");
            }
        }

        var buffer = new byte[Base58.Bitcoin.GetSafeByteCountForDecoding(body)];
        if (!Base58.Bitcoin.TryDecode(body, buffer, out var written))
        {
            throw new MultibaseFormatException("The multibase 'z' body is not valid base58btc.");
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
