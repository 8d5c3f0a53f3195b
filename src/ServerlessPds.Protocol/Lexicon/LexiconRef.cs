namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>ref</c> type: the value must match another definition, named by <see cref="Ref"/>.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "ref": the reference is <c>nsid#name</c>, <c>#name</c> (same document) or a bare
/// NSID (its <c>main</c> definition). A ref may not be a named definition.
/// </remarks>
public sealed class LexiconRef : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "ref";

    internal LexiconRef(string reference, string target)
    {
        Ref = reference;
        Target = target;
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the reference exactly as written in the schema, e.g. <c>#replyRef</c>.</summary>
    public string Ref { get; }

    /// <summary>Gets the absolute reference, always <c>nsid#name</c>, e.g. <c>app.bsky.feed.post#replyRef</c>.</summary>
    public string Target { get; }
}
