using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// A record key (rkey): the name of a record within a collection of a repository, e.g. <c>3jzfcijpj2z2a</c> or
/// <c>self</c>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/record-key, "Record Key Syntax": 1 to <see cref="MaxLength"/> characters from ASCII letters,
/// digits and <c>. - _ : ~</c>; the values <c>.</c> and <c>..</c> are not allowed. Case-sensitive.
/// </remarks>
public sealed record RecordKey : IParsable<RecordKey>
{
    /// <summary>The most characters a record key may have. Spec: atproto.com/specs/record-key.</summary>
    public const int MaxLength = 512;

    private RecordKey(string value)
    {
        Value = value;
    }

    /// <summary>Gets the record key string, exactly as parsed.</summary>
    public string Value { get; }

    /// <summary>Creates the record key for a TID, the usual key of records in collections keyed by <c>tid</c>.</summary>
    /// <param name="tid">The TID.</param>
    /// <returns>A record key whose <see cref="Value"/> is <paramref name="tid"/>'s string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tid"/> is <see langword="null"/>.</exception>
    public static RecordKey FromTid(Tid tid)
    {
        ArgumentNullException.ThrowIfNull(tid);
        return new RecordKey(tid.Value);
    }

    /// <summary>Parses a record key.</summary>
    /// <param name="s">The record key string.</param>
    /// <returns>The parsed record key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not valid record key syntax; the message says why.</exception>
    public static RecordKey Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s);
        return error is null ? new RecordKey(s) : throw new FormatException($"Invalid record key \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The record key string.</param>
    /// <param name="provider">Ignored; record key syntax does not depend on culture.</param>
    public static RecordKey Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a record key.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed record key, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid record key; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out RecordKey? result)
    {
        result = s is not null && Validate(s) is null ? new RecordKey(s) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out RecordKey?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; record key syntax does not depend on culture.</param>
    /// <param name="result">The parsed record key, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out RecordKey result) =>
        TryParse(s, out result);

    /// <summary>Checks record key syntax without allocating.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid record key; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s) is null;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The record key string.</returns>
    public override string ToString() => Value;

    /// <summary>Checks record key syntax.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    internal static string? Validate(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return "is empty";
        }

        if (s.Length > MaxLength)
        {
            return $"longer than {MaxLength} characters";
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or ':' or '~'))
            {
                return $"character '{SyntaxText.Show(c)}' is not allowed (only ASCII letters, digits and . - _ : ~)";
            }
        }

        return s is "." or ".." ? "\".\" and \"..\" are not allowed" : null;
    }
}
