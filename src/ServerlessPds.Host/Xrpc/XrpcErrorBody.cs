namespace ServerlessPds.Host.Xrpc;

/// <summary>The body of every XRPC error response: <c>{"error": "InvalidRequest", "message": "..."}</c>.</summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Error Responses": <c>error</c> is required, <c>message</c> optional.</remarks>
/// <param name="Error">The error name, an ASCII word without whitespace, e.g. <c>InvalidRequest</c>.</param>
/// <param name="Message">A human-readable description, or <see langword="null"/> to omit it.</param>
public sealed record XrpcErrorBody(string Error, string? Message);
