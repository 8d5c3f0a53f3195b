using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// An IETF BCP 47 language tag such as <c>en</c>, <c>pt-BR</c> or <c>zh-Hant</c>, as the Lexicon <c>language</c>
/// string format carries it (post languages, labels). <see cref="Value"/> keeps the input exactly.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "language" string format (BCP 47 as defined in RFC 5646). Accepted: the
/// well-formed forms of RFC 5646 section 2.1 (language, extlang, script, region, variants, extensions, private use),
/// private-use-only tags (<c>x-…</c>, any case) and the grandfathered tags of section 2.2.8. As atproto's reference
/// vectors require, the primary language subtag must be lowercase and must have 2-3 or 5-8 letters (the reserved
/// 4-letter form is refused). Beyond syntax, RFC 5646 section 2.2.9 validity is checked: no variant subtag and no
/// extension singleton may appear twice (case-insensitively). The registry itself is not consulted.
/// </remarks>
public sealed record LanguageTag : IParsable<LanguageTag>
{
    /// <summary>
    /// The most characters accepted. The spec sets no limit; this practical bound (the one the Go reference
    /// implementation uses) is far above any real tag and keeps hostile input cheap to reject.
    /// </summary>
    public const int MaxLength = 128;

    // RFC 5646 section 2.2.8: irregular and regular grandfathered tags.
    private static readonly HashSet<string> Grandfathered = new(StringComparer.OrdinalIgnoreCase)
    {
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo", "i-navajo",
        "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
        "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
    };

    private LanguageTag(string value)
    {
        Value = value;
    }

    /// <summary>Gets the language tag, exactly as parsed.</summary>
    public string Value { get; }

    /// <summary>Parses a language tag.</summary>
    /// <param name="s">The tag string.</param>
    /// <returns>The parsed tag.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a well-formed, valid tag; the message says why.</exception>
    public static LanguageTag Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s, checkDuplicates: true);
        return error is null ? new LanguageTag(s) : throw new FormatException($"Invalid language tag \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The tag string.</param>
    /// <param name="provider">Ignored; tag syntax does not depend on culture.</param>
    public static LanguageTag Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a language tag.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed tag, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a well-formed, valid tag; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out LanguageTag? result)
    {
        result = s is not null && Validate(s, checkDuplicates: true) is null ? new LanguageTag(s) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out LanguageTag?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; tag syntax does not depend on culture.</param>
    /// <param name="result">The parsed tag, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out LanguageTag result) =>
        TryParse(s, out result);

    /// <summary>Checks that a string is a well-formed and valid language tag.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid tag; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s, checkDuplicates: true) is null;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The tag string.</returns>
    public override string ToString() => Value;

    /// <summary>Checks well-formedness and, when asked, the no-duplicate validity rules.</summary>
    /// <returns><see langword="null"/> when acceptable; otherwise why not.</returns>
    internal static string? Validate(string s, bool checkDuplicates)
    {
        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        var subtags = s.Split('-');
        foreach (var subtag in subtags)
        {
            if (subtag.Length is 0 or > 8)
            {
                return "every subtag must have 1 to 8 characters (no empty subtag, no leading or trailing '-')";
            }

            foreach (var c in subtag)
            {
                if (!char.IsAsciiLetterOrDigit(c))
                {
                    return $"character '{SyntaxText.Show(c)}' is not allowed (only ASCII letters, digits and '-')";
                }
            }
        }

        if (subtags[0] is "x" or "X")
        {
            return subtags.Length > 1 ? null : "a private-use tag needs at least one subtag after 'x'";
        }

        var primary = subtags[0];
        if (!primary.All(char.IsAsciiLetterLower))
        {
            return "the primary language subtag must be lowercase letters";
        }

        if (Grandfathered.Contains(s))
        {
            return null;
        }

        if (primary.Length is not (2 or 3 or (>= 5 and <= 8)))
        {
            return "the primary language subtag must have 2-3 or 5-8 letters";
        }

        return ValidateLangtag(subtags, checkDuplicates);
    }

    private static string? ValidateLangtag(string[] subtags, bool checkDuplicates)
    {
        var i = 1;
        if (subtags[0].Length <= 3)
        {
            for (var extlangs = 0; extlangs < 3 && i < subtags.Length && IsAlpha(subtags[i], 3); extlangs++)
            {
                i++;
            }
        }

        if (i < subtags.Length && IsAlpha(subtags[i], 4))
        {
            i++; // script
        }

        if (i < subtags.Length && (IsAlpha(subtags[i], 2) || (subtags[i].Length == 3 && subtags[i].All(char.IsAsciiDigit))))
        {
            i++; // region
        }

        var variants = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (; i < subtags.Length && IsVariant(subtags[i]); i++)
        {
            if (!variants.Add(subtags[i]) && checkDuplicates)
            {
                return $"the variant subtag '{subtags[i]}' appears twice";
            }
        }

        var singletons = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (i < subtags.Length && subtags[i].Length == 1 && subtags[i] is not ("x" or "X"))
        {
            if (!singletons.Add(subtags[i]) && checkDuplicates)
            {
                return $"the extension singleton '{subtags[i]}' appears twice";
            }

            var start = ++i;
            while (i < subtags.Length && subtags[i].Length >= 2)
            {
                i++;
            }

            if (i == start)
            {
                return $"the extension '{subtags[start - 1]}' needs at least one subtag of 2-8 characters";
            }
        }

        if (i < subtags.Length && subtags[i] is "x" or "X")
        {
            return i + 1 < subtags.Length ? null : "a private-use section needs at least one subtag after 'x'";
        }

        return i == subtags.Length ? null : $"the subtag '{subtags[i]}' is out of place (expected script, region, variant, extension or private use)";
    }

    private static bool IsAlpha(string subtag, int length) => subtag.Length == length && subtag.All(char.IsAsciiLetter);

    private static bool IsVariant(string subtag) =>
        subtag.Length is >= 5 and <= 8 || (subtag.Length == 4 && char.IsAsciiDigit(subtag[0]));
}
