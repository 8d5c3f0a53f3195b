namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// The <c>token</c> type: a named definition that carries no data and stands for its own name, e.g.
/// <c>app.bsky.feed.defs#requestLess</c>. Token names are used as string values (typically in <c>knownValues</c>).
/// </summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "token". A token may only be a named definition.</remarks>
public sealed class LexiconToken : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "token";

    internal LexiconToken(string id, string target)
    {
        Id = id;
        Target = target;
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the token's full name: <c>&lt;nsid&gt;#&lt;def name&gt;</c>, or the bare NSID for a <c>main</c> token.</summary>
    public string Id { get; }

    /// <summary>Gets the token's absolute reference, always <c>&lt;nsid&gt;#&lt;def name&gt;</c>.</summary>
    internal string Target { get; }
}
