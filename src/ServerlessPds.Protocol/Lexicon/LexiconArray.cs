namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>array</c> type: a data model array whose elements all match <see cref="Items"/>.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "array": <c>items</c> (required), optional <c>minLength</c>/<c>maxLength</c> in elements.</remarks>
public sealed class LexiconArray : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "array";

    internal LexiconArray(LexiconType items)
    {
        Items = items;
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the type of every element.</summary>
    public LexiconType Items { get; }

    /// <summary>Gets the fewest elements allowed, if any.</summary>
    public int? MinLength { get; internal init; }

    /// <summary>Gets the most elements allowed, if any.</summary>
    public int? MaxLength { get; internal init; }
}
