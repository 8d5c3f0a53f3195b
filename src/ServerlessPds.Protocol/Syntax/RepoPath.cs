using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// The path of a record inside a repository, <c>&lt;collection&gt;/&lt;rkey&gt;</c>, e.g.
/// <c>app.bsky.feed.post/3jwdwj2ctlk26</c>: the key under which the record's CID is stored in the MST.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Repo Data Structure" (record paths are a collection NSID and a record key
/// joined by a single <c>/</c>). Comparison is ordinal, which for these ASCII strings is the byte order the MST sorts
/// keys in.
/// </remarks>
public sealed record RepoPath : IParsable<RepoPath>, IComparable<RepoPath>
{
    /// <summary>The most characters a record path may have: a longest NSID, the <c>/</c> and a longest record key.</summary>
    public const int MaxLength = Nsid.MaxLength + 1 + RecordKey.MaxLength;

    private RepoPath(Nsid collection, RecordKey rkey)
    {
        Collection = collection;
        Rkey = rkey;
        Value = $"{collection}/{rkey}";
    }

    /// <summary>Gets the path string, <c>collection/rkey</c>.</summary>
    public string Value { get; }

    /// <summary>Gets the collection NSID.</summary>
    public Nsid Collection { get; }

    /// <summary>Gets the record key.</summary>
    public RecordKey Rkey { get; }

    /// <summary>Builds a record path from its parts.</summary>
    /// <param name="collection">The collection NSID.</param>
    /// <param name="rkey">The record key.</param>
    /// <returns>The path <c>collection/rkey</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static RepoPath Create(Nsid collection, RecordKey rkey)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(rkey);
        return new RepoPath(collection, rkey);
    }

    /// <summary>Parses a record path.</summary>
    /// <param name="s">The path string, <c>collection/rkey</c>.</param>
    /// <returns>The parsed path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid record path; the message says why.</exception>
    public static RepoPath Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = TryParseCore(s, out var result);
        return result ?? throw new FormatException($"Invalid repo path \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The path string, <c>collection/rkey</c>.</param>
    /// <param name="provider">Ignored; path syntax does not depend on culture.</param>
    public static RepoPath Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a record path.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed path, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid record path; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out RepoPath? result)
    {
        result = null;
        return s is not null && TryParseCore(s, out result) is null;
    }

    /// <inheritdoc cref="TryParse(string?, out RepoPath?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; path syntax does not depend on culture.</param>
    /// <param name="result">The parsed path, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out RepoPath result) =>
        TryParse(s, out result);

    /// <summary>Compares by ordinal (byte) order, the order of MST keys; <see langword="null"/> sorts first.</summary>
    /// <param name="other">The path to compare with.</param>
    /// <returns>Negative, zero or positive as this path sorts before, equal to or after <paramref name="other"/>.</returns>
    public int CompareTo(RepoPath? other) => string.CompareOrdinal(Value, other?.Value);

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The path string.</returns>
    public override string ToString() => Value;

    private static string? TryParseCore(string s, out RepoPath? result)
    {
        result = null;
        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "must be a collection and a record key separated by '/'";
        }

        var collectionText = s[..slash];
        var rkeyText = s[(slash + 1)..];
        var error = Nsid.Validate(collectionText);
        if (error is not null)
        {
            return "the collection is not a valid NSID: " + error;
        }

        error = RecordKey.Validate(rkeyText);
        if (error is not null)
        {
            return "the record key is not valid: " + error;
        }

        result = new RepoPath(Nsid.Parse(collectionText), RecordKey.Parse(rkeyText));
        return null;
    }
}
