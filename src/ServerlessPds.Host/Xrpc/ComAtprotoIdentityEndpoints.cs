using Microsoft.Extensions.Options;
using ServerlessPds.Host.Composition;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>The <c>com.atproto.identity.*</c> methods: resolveHandle, updateHandle and getRecommendedDidCredentials.</summary>
/// <remarks>Lexicons: com.atproto.identity.resolveHandle, updateHandle, getRecommendedDidCredentials; spec atproto.com/specs/handle.</remarks>
public static class ComAtprotoIdentityEndpoints
{
    /// <summary>The error of resolveHandle when the handle resolves to nothing (lexicon com.atproto.identity.resolveHandle).</summary>
    public static readonly XrpcErrorName HandleNotFound = new("HandleNotFound");

    /// <summary>Maps the methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoIdentity(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("com.atproto.identity.resolveHandle", ResolveHandleAsync);
        xrpc.MapXrpcProcedure("com.atproto.identity.updateHandle", UpdateHandleAsync);
        xrpc.MapXrpcQuery("com.atproto.identity.getRecommendedDidCredentials", GetRecommendedDidCredentialsAsync);
        return xrpc;
    }

    private static async Task<IResult> ResolveHandleAsync(HttpRequest request, IAccountStore accounts, IHandleResolver resolver, HandlePolicy policy)
    {
        var handle = policy.Normalize(request.GetRequired<string>("handle"));
        var did = (await accounts.GetAccountByHandleAsync(handle, request.HttpContext.RequestAborted))?.Did
            ?? (policy.IsUserDomainHandle(handle) ? null : await resolver.ResolveAsync(handle, request.HttpContext.RequestAborted));
        return did is null
            ? throw XrpcException.BadRequest(HandleNotFound, "Unable to resolve handle")
            : Results.Ok(new ResolveHandleOutput(did.Value));
    }

    private static async Task UpdateHandleAsync(
        HttpContext context, IdentityService identity, IAccountStore accounts, ServiceRotationKeyHolder rotation, IAccountEvents events)
    {
        var caller = await context.RequireWriterAsync();
        var input = await context.Request.ReadJsonAsync<UpdateHandleInput>(context.RequestAborted);
        var handle = await identity.ValidateHandleAsync(input.Handle, caller.Did, context.RequestAborted);
        if (await accounts.GetAccountByHandleAsync(handle, context.RequestAborted) is { } holder && holder.Did != caller.Did)
        {
            throw XrpcException.BadRequest(AccountErrorNames.HandleNotAvailable, $"Handle already taken: {handle}");
        }

        if (caller.Did.Method == "plc")
        {
            await identity.UpdateHandleAsync(caller.Did, handle, rotation.Key, context.RequestAborted);
        }

        if (await accounts.UpdateHandleAsync(caller.Did, handle, context.RequestAborted) != AccountClaimResult.Success)
        {
            throw XrpcException.BadRequest(AccountErrorNames.HandleNotAvailable, $"Handle already taken: {handle}");
        }

        await events.IdentityChangedAsync(caller.Did, handle, context.RequestAborted);
    }

    private static async Task<IResult> GetRecommendedDidCredentialsAsync(
        HttpContext context, IdentityService identity, IAccountStore accounts, IAccountSigners signers, ServiceRotationKeyHolder rotation, IOptions<PdsOptions> options)
    {
        var caller = await context.RequireAccessAsync();
        var account = await accounts.GetAccountAsync(caller.Did, context.RequestAborted) ?? throw XrpcException.InvalidRequest("Account not found");
        var signer = await signers.GetSignerAsync(caller.Did, context.RequestAborted);
        var credentials = identity.GetRecommendedDidCredentials(
            caller.Did, account.Handle, signer.PublicKey, [rotation.Key.PublicKey], new Uri(options.Value.PublicUrl!));
        return Results.Text(credentials.ToJson(), "application/json");
    }
}
