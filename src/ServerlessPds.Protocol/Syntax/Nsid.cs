using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// A namespaced identifier (NSID) naming a Lexicon schema, record collection or XRPC method, e.g.
/// <c>app.bsky.feed.post</c>: a reversed-domain authority (<c>app.bsky.feed</c>) followed by a name (<c>post</c>).
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/nsid, "Syntax": ASCII only, at most <see cref="MaxLength"/> characters, at least three
/// dot-separated segments of 1 to <see cref="MaxSegmentLength"/> characters. The domain segments hold letters, digits
/// and hyphens, never start or end with a hyphen, and the first (the TLD) starts with a letter. The last segment (the
/// name) holds only letters and digits and starts with a letter. The name is case-sensitive; <see cref="Value"/> keeps
/// the input exactly (no case normalization).
/// </remarks>
public sealed record Nsid : IParsable<Nsid>
{
    /// <summary>The most characters an NSID may have. Spec: atproto.com/specs/nsid.</summary>
    public const int MaxLength = 317;

    /// <summary>The most characters one dot-separated segment may have. Spec: atproto.com/specs/nsid.</summary>
    public const int MaxSegmentLength = 63;

    private Nsid(string value)
    {
        Value = value;
    }

    /// <summary>Gets the NSID string, exactly as parsed.</summary>
    public string Value { get; }

    /// <summary>
    /// Gets the domain authority in DNS order, i.e. every segment but the name, reversed: <c>feed.bsky.app</c> for
    /// <c>app.bsky.feed.post</c>. This is the domain under which the schema is published.
    /// </summary>
    public string Authority => string.Join('.', Value[..Value.LastIndexOf('.')].Split('.').Reverse());

    /// <summary>Gets the name segment (the last one), e.g. <c>post</c> for <c>app.bsky.feed.post</c>.</summary>
    public string Name => Value[(Value.LastIndexOf('.') + 1)..];

    /// <summary>Parses an NSID.</summary>
    /// <param name="s">The NSID string.</param>
    /// <returns>The parsed NSID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not valid NSID syntax; the message says why.</exception>
    public static Nsid Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s);
        return error is null ? new Nsid(s) : throw new FormatException($"Invalid NSID \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The NSID string.</param>
    /// <param name="provider">Ignored; NSID syntax does not depend on culture.</param>
    public static Nsid Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse an NSID.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed NSID, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid NSID; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Nsid? result)
    {
        result = s is not null && Validate(s) is null ? new Nsid(s) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out Nsid?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; NSID syntax does not depend on culture.</param>
    /// <param name="result">The parsed NSID, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Nsid result) =>
        TryParse(s, out result);

    /// <summary>Checks NSID syntax without allocating.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid NSID; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s) is null;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The NSID string.</returns>
    public override string ToString() => Value;

    /// <summary>Checks NSID syntax.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    internal static string? Validate(ReadOnlySpan<char> s)
    {
        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        var lastDot = s.LastIndexOf('.');
        if (lastDot < 0)
        {
            return "needs at least three segments separated by '.'";
        }

        var error = HostnameLabels.Validate(s[..lastDot], MaxSegmentLength, out var domainSegments, out _);
        if (error is not null)
        {
            return "the domain authority " + error;
        }

        if (domainSegments < 2)
        {
            return "needs at least three segments separated by '.'";
        }

        if (!char.IsAsciiLetter(s[0]))
        {
            return "the first segment must start with a letter";
        }

        var name = s[(lastDot + 1)..];
        if (name.IsEmpty || name.Length > MaxSegmentLength)
        {
            return $"the name segment must have 1 to {MaxSegmentLength} characters";
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return "the name segment must start with a letter";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return $"character '{SyntaxText.Show(c)}' is not allowed in the name segment (only ASCII letters and digits)";
            }
        }

        return null;
    }
}
