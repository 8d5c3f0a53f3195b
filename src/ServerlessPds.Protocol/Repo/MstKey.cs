using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// Helpers for MST keys: repository paths <c>&lt;collection&gt;/&lt;rkey&gt;</c> compared as bytes, their depth
/// (the tree layer they live on) and the shared prefix used by node key compression.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Merkle Search Tree" and "Repo Data Structure" (repo paths). A key's depth is
/// the number of leading zero bits of SHA-256 over its bytes, counted in 2-bit chunks (leading zero bits / 2, rounded
/// down), which gives a fanout of about 4.
/// </remarks>
public static class MstKey
{
    /// <summary>
    /// The longest valid key, in bytes: the reference implementation's limit, above the longest repo path the syntax
    /// specs allow (a 317-character NSID, a slash and a 512-character record key).
    /// </summary>
    public const int MaxLength = 1024;

    /// <summary>The separator between the collection and the record key.</summary>
    public const char Separator = '/';

    /// <summary>Computes the depth (layer) of a key given as a string, hashed as UTF-8.</summary>
    /// <param name="key">The key; any string (validity is not checked).</param>
    /// <returns>The depth, 0 to 128.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static int Depth(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var length = Encoding.UTF8.GetByteCount(key);
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, utf8);
        return Depth(utf8);
    }

    /// <summary>Computes the depth (layer) of a key given as bytes.</summary>
    /// <param name="utf8">The key's bytes.</param>
    /// <returns>The depth, 0 to 128.</returns>
    public static int Depth(ReadOnlySpan<byte> utf8)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8, hash);
        var zeros = 0;
        foreach (var b in hash)
        {
            if (b != 0)
            {
                zeros += BitOperations.LeadingZeroCount((uint)b) - 24;
                break;
            }

            zeros += 8;
        }

        return zeros / 2;
    }

    /// <summary>Tells whether <paramref name="key"/> is a valid MST key.</summary>
    /// <param name="key">The candidate key.</param>
    /// <returns>
    /// <see langword="true"/> if the key is at most <see cref="MaxLength"/> bytes and is two non-empty parts separated by
    /// one <c>/</c>, each made only of ASCII letters, digits and <c>_ ~ - : .</c>; otherwise <see langword="false"/>.
    /// </returns>
    public static bool IsValid(string? key)
    {
        if (key is null || key.Length > MaxLength)
        {
            return false;
        }

        var slash = -1;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == Separator)
            {
                if (slash >= 0)
                {
                    return false;
                }

                slash = i;
            }
            else if (c > 0x7f || !IsKeyChar((byte)c))
            {
                return false;
            }
        }

        return slash > 0 && slash < key.Length - 1;
    }

    /// <summary>Tells whether <paramref name="utf8"/> is a valid MST key (see <see cref="IsValid(string)"/>).</summary>
    /// <param name="utf8">The candidate key's bytes.</param>
    /// <returns><see langword="true"/> if the bytes are a valid key; otherwise <see langword="false"/>.</returns>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return false;
        }

        var slash = utf8.IndexOf((byte)Separator);
        if (slash <= 0 || slash == utf8.Length - 1 || utf8[(slash + 1)..].Contains((byte)Separator))
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            if (i != slash && !IsKeyChar(utf8[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts the bytes two keys share at their start: the prefix length an MST node entry stores.</summary>
    /// <param name="previous">The previous key in the node (empty for the first entry).</param>
    /// <param name="key">The key being compressed.</param>
    /// <returns>The length of the longest common prefix, in bytes.</returns>
    public static int CommonPrefixLength(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key) => previous.CommonPrefixLength(key);

    /// <summary>Counts the UTF-8 bytes two keys share at their start (see <see cref="CommonPrefixLength(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).</summary>
    /// <param name="previous">The previous key.</param>
    /// <param name="key">The key being compressed.</param>
    /// <returns>The length of the longest common prefix of their UTF-8 forms, in bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static int CommonPrefixLength(string previous, string key)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(key);
        if (Ascii.IsValid(previous) && Ascii.IsValid(key))
        {
            return previous.AsSpan().CommonPrefixLength(key);
        }

        return CommonPrefixLength(Encoding.UTF8.GetBytes(previous), Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Compares two valid keys in MST order (bytewise; ordinal for ASCII keys).</summary>
    /// <param name="x">The first key.</param>
    /// <param name="y">The second key.</param>
    /// <returns>A negative number, zero or a positive number as <paramref name="x"/> sorts before, equal to or after <paramref name="y"/>.</returns>
    public static int Compare(string? x, string? y) => string.CompareOrdinal(x, y);

    private static bool IsKeyChar(byte c) =>
        c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'_' or (byte)'~' or (byte)'-' or (byte)':' or (byte)'.';
}
