namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The common shape of the XRPC method types: <c>query</c>, <c>procedure</c> and <c>subscription</c>.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "query and procedure", "subscription". Only a document's <c>main</c> definition may be a method.</remarks>
public abstract class LexiconMethod : LexiconType
{
    private protected LexiconMethod()
    {
    }

    /// <summary>Gets the query-string parameters, if declared.</summary>
    public LexiconParams? Parameters { get; internal init; }

    /// <summary>Gets the errors the method declares.</summary>
    public IReadOnlyList<LexiconMethodError> Errors { get; internal init; } = [];
}
