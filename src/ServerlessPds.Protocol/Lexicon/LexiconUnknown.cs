namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>unknown</c> type: any data model object (map), with or without <c>$type</c>.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "unknown": the value must be an object; primitives, arrays, bytes, links and
/// blobs are not allowed. Its contents are not validated. It may not be a named definition.
/// </remarks>
public sealed class LexiconUnknown : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "unknown";

    internal LexiconUnknown()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;
}
