using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// A string-level check of CID syntax, as the Lexicon <c>cid</c> string format requires. It does not decode the CID;
/// the full CID type lives in <c>ServerlessPds.Protocol.Data</c>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "cid" string format, and atproto.com/specs/data-model ("Link and CID Formats"):
/// a multibase-encoded CIDv1 of <see cref="MinLength"/> to <see cref="MaxLength"/> characters drawn from ASCII letters,
/// digits, <c>+</c> and <c>=</c>; legacy CIDv0 strings (base58 starting with <c>Qm</c>) are not allowed.
/// </remarks>
public static class CidSyntax
{
    /// <summary>The fewest characters a CID string may have.</summary>
    public const int MinLength = 8;

    /// <summary>The most characters a CID string may have.</summary>
    public const int MaxLength = 256;

    /// <summary>Checks whether a string has CID syntax.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> looks like a multibase CIDv1 string; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s)
    {
        if (s is null || s.Length is < MinLength or > MaxLength || s.StartsWith("Qm", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '='))
            {
                return false;
            }
        }

        return true;
    }
}
