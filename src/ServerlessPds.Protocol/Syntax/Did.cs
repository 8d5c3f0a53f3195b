using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// A decentralized identifier (DID) as atproto constrains it, e.g. <c>did:plc:7iza6de2dwap2sbkpav7c6c6</c> or
/// <c>did:web:example.com</c>. The syntax check is generic: any method name is accepted, not only the supported ones.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/did, "AT Protocol DID Identifier Syntax": ASCII only; <c>did:</c>, a method of one or more
/// lowercase letters, <c>:</c>, then an identifier of letters, digits and <c>. _ : % -</c> that does not end in
/// <c>:</c> or <c>%</c>; case-sensitive; at most <see cref="MaxLength"/> characters. Percent-encoding is not decoded
/// or checked, and query (<c>?</c>) and fragment (<c>#</c>) parts are not allowed.
/// </remarks>
public sealed record Did : IParsable<Did>
{
    /// <summary>The most characters a DID may have. Spec: atproto.com/specs/did (2 KB hard limit).</summary>
    public const int MaxLength = 2048;

    private const string Prefix = "did:";

    private Did(string value, int methodLength)
    {
        Value = value;
        Method = value.Substring(Prefix.Length, methodLength);
    }

    /// <summary>Gets the whole DID string, exactly as parsed.</summary>
    public string Value { get; }

    /// <summary>Gets the DID method name, e.g. <c>plc</c> or <c>web</c> (lowercase ASCII letters).</summary>
    public string Method { get; }

    /// <summary>Gets the method-specific identifier: everything after <c>did:&lt;method&gt;:</c>.</summary>
    public string Identifier => Value[(Prefix.Length + Method.Length + 1)..];

    /// <summary>Parses a DID.</summary>
    /// <param name="s">The DID string.</param>
    /// <returns>The parsed DID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not valid DID syntax; the message says why.</exception>
    public static Did Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s, out var methodLength);
        return error is null ? new Did(s, methodLength) : throw new FormatException($"Invalid DID \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The DID string.</param>
    /// <param name="provider">Ignored; DID syntax does not depend on culture.</param>
    public static Did Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a DID.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed DID, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid DID; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Did? result)
    {
        result = s is not null && Validate(s, out var methodLength) is null ? new Did(s, methodLength) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out Did?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; DID syntax does not depend on culture.</param>
    /// <param name="result">The parsed DID, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Did result) =>
        TryParse(s, out result);

    /// <summary>Checks DID syntax without allocating.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid DID; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s, out _) is null;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The DID string.</returns>
    public override string ToString() => Value;

    /// <summary>Checks DID syntax.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    internal static string? Validate(ReadOnlySpan<char> s, out int methodLength)
    {
        methodLength = 0;
        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        if (!s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "must start with lowercase \"did:\"";
        }

        var i = Prefix.Length;
        while (i < s.Length && s[i] is >= 'a' and <= 'z')
        {
            i++;
        }

        methodLength = i - Prefix.Length;
        if (methodLength == 0)
        {
            return "the method must be one or more lowercase letters";
        }

        if (i == s.Length || s[i] != ':')
        {
            return "the method must contain only lowercase letters and be followed by ':'";
        }

        var identifier = s[(i + 1)..];
        if (identifier.IsEmpty)
        {
            return "the method-specific identifier is empty";
        }

        foreach (var c in identifier)
        {
            if (!IsIdentifierChar(c))
            {
                return $"character '{SyntaxText.Show(c)}' is not allowed (only letters, digits and . _ : % -)";
            }
        }

        return identifier[^1] is ':' or '%' ? "must not end with ':' or '%'" : null;
    }

    private static bool IsIdentifierChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '%' or '-';
}
