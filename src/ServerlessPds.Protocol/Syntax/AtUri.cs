using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// An AT URI in the restricted form Lexicon uses: <c>at://AUTHORITY[/COLLECTION[/RKEY]]</c>, e.g.
/// <c>at://did:plc:44ybard66vv44zksje25o7dz/app.bsky.feed.post/3jwdwj2ctlk26</c>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/at-uri-scheme, "Restricted AT URI Syntax" (Lexicon string format <c>at-uri</c>): the
/// authority is a DID or handle, the optional collection a valid NSID, the optional record key a valid
/// <see cref="RecordKey"/>; no trailing slash, no empty path segments, no query (<c>?</c>) and no fragment
/// (<c>#</c>), since Lexicon use does not support them yet; at most <see cref="MaxLength"/> characters. The
/// <c>at://</c> scheme prefix is case-sensitive. A handle authority is normalized to lowercase in <see cref="Value"/>.
/// </remarks>
public sealed record AtUri : IParsable<AtUri>
{
    /// <summary>The most characters an AT URI may have (8 KB). Spec: atproto.com/specs/at-uri-scheme.</summary>
    public const int MaxLength = 8 * 1024;

    private const string Scheme = "at://";

    private AtUri(AtIdentifier authority, Nsid? collection, RecordKey? rkey)
    {
        Authority = authority;
        Collection = collection;
        Rkey = rkey;
        Value = rkey is not null ? $"{Scheme}{authority}/{collection}/{rkey}"
            : collection is not null ? $"{Scheme}{authority}/{collection}"
            : Scheme + authority;
    }

    /// <summary>Gets the URI string: <c>at://</c>, the authority (a lowercase handle or a DID), then the path parts present.</summary>
    public string Value { get; }

    /// <summary>Gets the authority: the DID or handle of the repository.</summary>
    public AtIdentifier Authority { get; }

    /// <summary>Gets the collection NSID, or <see langword="null"/> when the URI names a whole repository.</summary>
    public Nsid? Collection { get; }

    /// <summary>Gets the record key, or <see langword="null"/> when the URI names a repository or a collection.</summary>
    public RecordKey? Rkey { get; }

    /// <summary>Builds an AT URI from its parts.</summary>
    /// <param name="authority">The repository's DID or handle.</param>
    /// <param name="collection">The collection, or <see langword="null"/>.</param>
    /// <param name="rkey">The record key, or <see langword="null"/>; requires a <paramref name="collection"/>.</param>
    /// <returns>The AT URI.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="authority"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="rkey"/> is given without a <paramref name="collection"/>.</exception>
    public static AtUri Create(AtIdentifier authority, Nsid? collection = null, RecordKey? rkey = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (rkey is not null && collection is null)
        {
            throw new ArgumentException("A record key needs a collection.", nameof(rkey));
        }

        return new AtUri(authority, collection, rkey);
    }

    /// <summary>Builds the AT URI of a record from a repository DID and a record path.</summary>
    /// <param name="did">The repository's DID.</param>
    /// <param name="path">The record's path in the repository.</param>
    /// <returns><c>at://{did}/{collection}/{rkey}</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static AtUri Create(Did did, RepoPath path)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(path);
        return new AtUri(AtIdentifier.FromDid(did), path.Collection, path.Rkey);
    }

    /// <summary>Parses an AT URI in the restricted Lexicon form.</summary>
    /// <param name="s">The URI string.</param>
    /// <returns>The parsed URI.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid AT URI; the message says why.</exception>
    public static AtUri Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = TryParseCore(s, out var result);
        return result ?? throw new FormatException($"Invalid AT URI \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The URI string.</param>
    /// <param name="provider">Ignored; AT URI syntax does not depend on culture.</param>
    public static AtUri Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse an AT URI in the restricted Lexicon form.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed URI, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid AT URI; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out AtUri? result)
    {
        result = null;
        return s is not null && TryParseCore(s, out result) is null;
    }

    /// <inheritdoc cref="TryParse(string?, out AtUri?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; AT URI syntax does not depend on culture.</param>
    /// <param name="result">The parsed URI, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out AtUri result) =>
        TryParse(s, out result);

    /// <summary>Checks AT URI syntax.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid AT URI; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => TryParse(s, out _);

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The URI string.</returns>
    public override string ToString() => Value;

    private static string? TryParseCore(string s, out AtUri? result)
    {
        result = null;
        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        if (!s.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return "must start with lowercase \"at://\"";
        }

        var rest = s.AsSpan(Scheme.Length);
        if (rest.ContainsAny('?', '#'))
        {
            return "query ('?') and fragment ('#') parts are not supported";
        }

        Span<Range> parts = stackalloc Range[4];
        var count = rest.Split(parts, '/');
        if (count > 3)
        {
            return "the path may have at most two segments, collection and record key";
        }

        var authorityText = rest[parts[0]].ToString();
        if (!AtIdentifier.TryParse(authorityText, out var authority))
        {
            return authorityText.Length == 0 ? "the authority is empty" : "the authority is not a valid DID or handle";
        }

        Nsid? collection = null;
        if (count >= 2)
        {
            var text = rest[parts[1]].ToString();
            if (text.Length == 0)
            {
                return "empty path segment (trailing or double '/')";
            }

            if (!Nsid.TryParse(text, out collection))
            {
                return $"the collection is not a valid NSID: {Nsid.Validate(text)}";
            }
        }

        RecordKey? rkey = null;
        if (count == 3)
        {
            var text = rest[parts[2]].ToString();
            if (text.Length == 0)
            {
                return "empty path segment (trailing '/')";
            }

            if (!RecordKey.TryParse(text, out rkey))
            {
                return $"the record key is not valid: {RecordKey.Validate(text)}";
            }
        }

        result = new AtUri(authority, collection, rkey);
        return null;
    }
}
