namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>query</c> type: an XRPC method called with HTTP GET.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "query and procedure".</remarks>
public sealed class LexiconQuery : LexiconMethod
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "query";

    internal LexiconQuery()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the response body, if declared.</summary>
    public LexiconBody? Output { get; internal init; }
}
