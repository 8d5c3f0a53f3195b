namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>null</c> type: the value must be the data model null.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "null". It has no constraints.</remarks>
public sealed class LexiconNull : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "null";

    internal LexiconNull()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;
}
