namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>boolean</c> type.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "boolean": optional <c>default</c> and <c>const</c>.</remarks>
public sealed class LexiconBoolean : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "boolean";

    internal LexiconBoolean()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the value implied when the field is absent (informational; validation does not fill it in).</summary>
    public bool? Default { get; internal init; }

    /// <summary>Gets the only value allowed, if any.</summary>
    public bool? Const { get; internal init; }
}
