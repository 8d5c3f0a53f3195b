namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>bytes</c> type: a data model byte string.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "bytes": optional <c>minLength</c> and <c>maxLength</c>, in bytes.</remarks>
public sealed class LexiconBytes : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "bytes";

    internal LexiconBytes()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the fewest bytes allowed, if any.</summary>
    public int? MinLength { get; internal init; }

    /// <summary>Gets the most bytes allowed, if any.</summary>
    public int? MaxLength { get; internal init; }
}
