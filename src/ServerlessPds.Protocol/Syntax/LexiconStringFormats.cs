namespace ServerlessPds.Protocol.Syntax;

/// <summary>Maps each Lexicon string <c>format</c> name to its validator, for schema-driven record validation.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "String Formats": <c>at-identifier</c>, <c>at-uri</c>, <c>cid</c>,
/// <c>datetime</c>, <c>did</c>, <c>handle</c>, <c>nsid</c>, <c>tid</c>, <c>record-key</c>, <c>uri</c> and
/// <c>language</c>.
/// </remarks>
public static class LexiconStringFormats
{
    private static readonly Dictionary<string, Func<string, bool>> Validators = new(StringComparer.Ordinal)
    {
        ["at-identifier"] = s => AtIdentifier.IsValid(s),
        ["at-uri"] = s => AtUri.IsValid(s),
        ["cid"] = s => CidSyntax.IsValid(s),
        ["datetime"] = s => AtprotoDatetime.IsValid(s),
        ["did"] = s => Did.IsValid(s),
        ["handle"] = s => Handle.IsValid(s),
        ["nsid"] = s => Nsid.IsValid(s),
        ["tid"] = s => Tid.IsValid(s),
        ["record-key"] = s => RecordKey.IsValid(s),
        ["uri"] = s => UriSyntax.IsValid(s),
        ["language"] = s => LanguageTag.IsValid(s),
    };

    /// <summary>Gets the names of all known formats.</summary>
    public static IReadOnlyCollection<string> Names => Validators.Keys;

    /// <summary>Tells whether a format name is known (case-sensitive).</summary>
    /// <param name="format">The format name, e.g. <c>datetime</c>.</param>
    /// <returns><see langword="true"/> if <see cref="IsValid"/> accepts <paramref name="format"/>; otherwise <see langword="false"/>.</returns>
    public static bool IsKnown(string? format) => format is not null && Validators.ContainsKey(format);

    /// <summary>Checks a string value against a Lexicon string format.</summary>
    /// <param name="format">The format name, e.g. <c>datetime</c> (case-sensitive).</param>
    /// <param name="value">The string value.</param>
    /// <returns><see langword="true"/> if <paramref name="value"/> satisfies the format; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not a known format name.</exception>
    public static bool IsValid(string format, string value)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(value);
        return Validators.TryGetValue(format, out var validator)
            ? validator(value)
            : throw new ArgumentException($"Unknown Lexicon string format \"{format}\".", nameof(format));
    }
}
