using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Identity;

/// <summary>
/// <c>com.atproto.identity.resolveHandle</c>: the DID of a handle, from the accounts hosted here first and otherwise
/// (unless the handle is under one of this server's user domains) by DNS TXT or HTTPS well-known resolution. Auth: none.
/// Parameter <c>handle</c> (required); output <see cref="ResolveHandleOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (a missing, repeated or malformed <c>handle</c>); 400 <c>HandleNotFound</c>
/// "Unable to resolve handle" (<see cref="HandleNotFound"/>). Lexicon: com.atproto.identity.resolveHandle; spec
/// atproto.com/specs/handle ("Handle Resolution").
/// </remarks>
/// <param name="accounts">The accounts hosted here.</param>
/// <param name="resolver">Resolves handles elsewhere.</param>
/// <param name="policy">Normalises handles and knows the user domains.</param>
public sealed class ResolveHandle(IAccountStore accounts, IHandleResolver resolver, HandlePolicy policy) : IXrpcHandler
{
    /// <summary>The error when the handle resolves to nothing (lexicon com.atproto.identity.resolveHandle).</summary>
    public static readonly XrpcErrorName HandleNotFound = new("HandleNotFound");

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.identity.resolveHandle");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var handle = policy.Normalize(call.GetRequired<string>("handle"));
        var did = (await accounts.GetAccountByHandleAsync(handle, call.Aborted))?.Did
            ?? (policy.IsUserDomainHandle(handle) ? null : await resolver.ResolveAsync(handle, call.Aborted));
        return did is null
            ? throw XrpcException.BadRequest(HandleNotFound, "Unable to resolve handle")
            : XrpcResult.Json(new ResolveHandleOutput(did.Value));
    }
}
