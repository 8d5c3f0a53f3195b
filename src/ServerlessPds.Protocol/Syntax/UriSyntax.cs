using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>A generic URI syntax check for the Lexicon <c>uri</c> string format (any scheme, not only <c>https</c>).</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "uri" string format: an RFC 3986 URI with a scheme, at most
/// <see cref="MaxLengthBytes"/> bytes. Checked here: a scheme (an ASCII letter then letters, digits, <c>+</c>,
/// <c>-</c> or <c>.</c>), a <c>:</c>, then a non-empty remainder that, after an optional <c>//</c>, does not start
/// with <c>/</c>; no whitespace or control characters anywhere.
/// </remarks>
public static class UriSyntax
{
    /// <summary>The most UTF-8 bytes a URI may have (8 KB). Spec: atproto.com/specs/lexicon, "uri".</summary>
    public const int MaxLengthBytes = 8 * 1024;

    /// <summary>Checks whether a string has generic URI syntax.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a URI as described above; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s)
    {
        if (s is null || s.Length == 0 || s.Length > MaxLengthBytes || Encoding.UTF8.GetByteCount(s) > MaxLengthBytes)
        {
            return false;
        }

        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(s[i]) && s[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        var rest = s.AsSpan(colon + 1);
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        if (rest.IsEmpty || rest[0] == '/')
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
