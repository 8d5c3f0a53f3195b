namespace ServerlessPds.Protocol.Lexicon;

/// <summary>One error an XRPC method declares it may return (the <c>error</c> field of an XRPC error body).</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "query and procedure" (<c>errors</c>); atproto.com/specs/xrpc.</remarks>
/// <param name="Name">The error name, e.g. <c>InvalidSwap</c>.</param>
/// <param name="Description">The optional description.</param>
public sealed record LexiconMethodError(string Name, string? Description);
