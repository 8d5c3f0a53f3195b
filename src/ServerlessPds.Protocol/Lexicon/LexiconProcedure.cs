namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>procedure</c> type: an XRPC method called with HTTP POST.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "query and procedure".</remarks>
public sealed class LexiconProcedure : LexiconMethod
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "procedure";

    internal LexiconProcedure()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the request body, if declared.</summary>
    public LexiconBody? Input { get; internal init; }

    /// <summary>Gets the response body, if declared.</summary>
    public LexiconBody? Output { get; internal init; }
}
