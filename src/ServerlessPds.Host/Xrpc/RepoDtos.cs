namespace ServerlessPds.Host.Xrpc;

// The input and output of the com.atproto.identity methods still mapped by the host, as their lexicons shape them.

/// <summary>Input of com.atproto.identity.updateHandle.</summary>
internal sealed record UpdateHandleInput(string Handle);

/// <summary>Output of com.atproto.identity.resolveHandle.</summary>
internal sealed record ResolveHandleOutput(string Did);
