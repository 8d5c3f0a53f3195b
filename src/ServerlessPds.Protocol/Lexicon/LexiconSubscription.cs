namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>subscription</c> type: an XRPC event stream over WebSocket.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "subscription": <c>message.schema</c> is a union of the message types.
/// Spec: atproto.com/specs/event-stream.
/// </remarks>
public sealed class LexiconSubscription : LexiconMethod
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "subscription";

    internal LexiconSubscription()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the union of the message types, if declared.</summary>
    public LexiconUnion? Message { get; internal init; }

    /// <summary>Gets the description of the messages, if any.</summary>
    public string? MessageDescription { get; internal init; }
}
