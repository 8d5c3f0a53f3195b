namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>cid-link</c> type: a data model CID link (JSON <c>{"$link": "bafy…"}</c>).</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "cid-link". It has no constraints.</remarks>
public sealed class LexiconCidLink : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "cid-link";

    internal LexiconCidLink()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;
}
