namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>string</c> type: a Unicode string, optionally with a format and length limits.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "string" and "String Formats". <see cref="MinLength"/>/<see cref="MaxLength"/>
/// count UTF-8 bytes; <see cref="MinGraphemes"/>/<see cref="MaxGraphemes"/> count extended grapheme clusters
/// (Unicode UAX #29). <see cref="Enum"/> is a closed set; <see cref="KnownValues"/> is an open set of suggestions and
/// is never enforced.
/// </remarks>
public sealed class LexiconString : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "string";

    internal LexiconString()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>
    /// Gets the string format, if any: one of <c>at-identifier</c>, <c>at-uri</c>, <c>cid</c>, <c>datetime</c>,
    /// <c>did</c>, <c>handle</c>, <c>nsid</c>, <c>tid</c>, <c>record-key</c>, <c>uri</c>, <c>language</c>.
    /// </summary>
    public string? Format { get; internal init; }

    /// <summary>Gets the fewest UTF-8 bytes allowed, if any.</summary>
    public int? MinLength { get; internal init; }

    /// <summary>Gets the most UTF-8 bytes allowed, if any.</summary>
    public int? MaxLength { get; internal init; }

    /// <summary>Gets the fewest grapheme clusters allowed, if any.</summary>
    public int? MinGraphemes { get; internal init; }

    /// <summary>Gets the most grapheme clusters allowed, if any.</summary>
    public int? MaxGraphemes { get; internal init; }

    /// <summary>Gets the closed set of values allowed, if any.</summary>
    public IReadOnlyList<string>? Enum { get => EnumValues; internal init => EnumValues = value?.ToArray(); }

    /// <summary>Gets the only value allowed, if any.</summary>
    public string? Const { get; internal init; }

    /// <summary>Gets the value implied when the field is absent (informational; validation does not fill it in).</summary>
    public string? Default { get; internal init; }

    /// <summary>Gets the suggested values (an open set: other values are allowed), if any.</summary>
    public IReadOnlyList<string>? KnownValues { get; internal init; }

    /// <summary>Gets <see cref="Enum"/> as an array, for allocation-free checks.</summary>
    internal string[]? EnumValues { get; private init; }
}
