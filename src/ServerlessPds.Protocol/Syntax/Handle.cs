using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// An account handle: a DNS hostname such as <c>alice.bsky.social</c>, normalized to lowercase.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/handle, "Handle Identifier Syntax": ASCII only, at most <see cref="MaxLength"/> characters,
/// at least two dot-separated segments of 1 to <see cref="MaxSegmentLength"/> letters, digits and hyphens, no segment
/// starting or ending with a hyphen, and a last segment (TLD) that does not start with a digit. Handles are
/// case-insensitive; <see cref="Value"/> is always lowercase. Syntax alone does not reject reserved TLDs such as
/// <c>.local</c>; see <see cref="IsDisallowedTld(string)"/> and <see cref="HasDisallowedTld"/>.
/// </remarks>
public sealed record Handle : IParsable<Handle>
{
    /// <summary>The most characters a handle may have. Spec: atproto.com/specs/handle.</summary>
    public const int MaxLength = 253;

    /// <summary>The most characters one dot-separated segment (DNS label) may have. Spec: atproto.com/specs/handle.</summary>
    public const int MaxSegmentLength = 63;

    // Spec: atproto.com/specs/handle, "Additional Non-Syntax Restrictions".
    private static readonly HashSet<string> DisallowedTlds = new(StringComparer.OrdinalIgnoreCase)
    {
        "alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion",
    };

    private Handle(string value)
    {
        Value = value;
    }

    /// <summary>
    /// Gets <c>handle.invalid</c>, the special value shown in place of a handle that failed bidirectional verification.
    /// Spec: atproto.com/specs/handle, "Invalid Handles".
    /// </summary>
    public static Handle Invalid { get; } = new("handle.invalid");

    /// <summary>Gets the handle, lowercase ASCII.</summary>
    public string Value { get; }

    /// <summary>Gets the last segment (top-level domain), lowercase, without the dot, e.g. <c>social</c>.</summary>
    public string Tld => Value[(Value.LastIndexOf('.') + 1)..];

    /// <summary>
    /// Gets a value indicating whether the handle ends in a TLD that atproto disallows for real accounts
    /// (see <see cref="IsDisallowedTld(string)"/>); <see langword="true"/> for <see cref="Invalid"/>.
    /// </summary>
    public bool HasDisallowedTld => IsDisallowedTld(Tld);

    /// <summary>
    /// Tells whether a top-level domain is one the spec disallows in handles: <c>alt</c>, <c>arpa</c>, <c>example</c>,
    /// <c>internal</c>, <c>invalid</c>, <c>local</c>, <c>localhost</c> and <c>onion</c>. <c>test</c> is allowed
    /// (for development). Such handles are still valid syntax; servers should refuse to register or resolve them.
    /// </summary>
    /// <param name="tld">A TLD, case-insensitive, with or without a leading dot, e.g. <c>local</c> or <c>.local</c>.</param>
    /// <returns><see langword="true"/> if the TLD is disallowed; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tld"/> is <see langword="null"/>.</exception>
    /// <remarks>Spec: atproto.com/specs/handle, "Additional Non-Syntax Restrictions".</remarks>
    public static bool IsDisallowedTld(string tld)
    {
        ArgumentNullException.ThrowIfNull(tld);
        return DisallowedTlds.Contains(tld.StartsWith('.') ? tld[1..] : tld);
    }

    /// <summary>Parses a handle and normalizes it to lowercase.</summary>
    /// <param name="s">The handle string.</param>
    /// <returns>The parsed handle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not valid handle syntax; the message says why.</exception>
    public static Handle Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s);
        return error is null ? new Handle(s.ToLowerInvariant()) : throw new FormatException($"Invalid handle \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The handle string.</param>
    /// <param name="provider">Ignored; handle syntax does not depend on culture.</param>
    public static Handle Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a handle, normalizing it to lowercase.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed handle, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid handle; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Handle? result)
    {
        result = s is not null && Validate(s) is null ? new Handle(s.ToLowerInvariant()) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out Handle?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; handle syntax does not depend on culture.</param>
    /// <param name="result">The parsed handle, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Handle result) =>
        TryParse(s, out result);

    /// <summary>Checks handle syntax without allocating.</summary>
    /// <param name="s">The candidate string, in any letter case.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid handle; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s) is null;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The lowercase handle.</returns>
    public override string ToString() => Value;

    /// <summary>Checks handle syntax.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    internal static string? Validate(ReadOnlySpan<char> s)
    {
        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        var error = HostnameLabels.Validate(s, MaxSegmentLength, out var segments, out var lastStart);
        if (error is not null)
        {
            return error;
        }

        if (segments < 2)
        {
            return "needs at least two segments separated by '.'";
        }

        return char.IsAsciiDigit(s[lastStart]) ? "the last segment (TLD) must not start with a digit" : null;
    }
}
