namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The input or output body of an XRPC method: its content type and, for JSON bodies, its schema.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "query and procedure": <c>encoding</c> is a MIME type (e.g.
/// <c>application/json</c>, <c>*/*</c>); <c>schema</c>, when present, is an <c>object</c>, <c>ref</c> or <c>union</c>.
/// </remarks>
public sealed class LexiconBody
{
    internal LexiconBody(string encoding, LexiconType? schema, string? description)
    {
        Encoding = encoding;
        Schema = schema;
        Description = description;
    }

    /// <summary>Gets the MIME type of the body.</summary>
    public string Encoding { get; }

    /// <summary>Gets the schema of a JSON body, if declared: a <see cref="LexiconObject"/>, <see cref="LexiconRef"/> or <see cref="LexiconUnion"/>.</summary>
    public LexiconType? Schema { get; }

    /// <summary>Gets the optional description.</summary>
    public string? Description { get; }
}
