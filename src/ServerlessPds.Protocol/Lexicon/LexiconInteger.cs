namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>integer</c> type: a signed 64-bit integer.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "integer": optional inclusive <c>minimum</c> and <c>maximum</c>, a closed
/// <c>enum</c>, a <c>const</c> and a <c>default</c>.
/// </remarks>
public sealed class LexiconInteger : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "integer";

    internal LexiconInteger()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the smallest value allowed (inclusive), if any.</summary>
    public long? Minimum { get; internal init; }

    /// <summary>Gets the largest value allowed (inclusive), if any.</summary>
    public long? Maximum { get; internal init; }

    /// <summary>Gets the closed set of values allowed, if any.</summary>
    public IReadOnlyList<long>? Enum { get => EnumValues; internal init => EnumValues = value?.ToArray(); }

    /// <summary>Gets <see cref="Enum"/> as an array, for allocation-free checks.</summary>
    internal long[]? EnumValues { get; private init; }

    /// <summary>Gets the only value allowed, if any.</summary>
    public long? Const { get; internal init; }

    /// <summary>Gets the value implied when the field is absent (informational; validation does not fill it in).</summary>
    public long? Default { get; internal init; }
}
