using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.RateLimits;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The <c>com.atproto.server.*</c> session methods: createSession, getSession, refreshSession, deleteSession,
/// createAppPassword, listAppPasswords, revokeAppPassword and getServiceAuth.
/// </summary>
/// <remarks>Lexicons: lexicons/com/atproto/server/*.json; behaviour in <see cref="SessionService"/> and <see cref="ServiceAuthIssuer"/>.</remarks>
public static class ComAtprotoServerSessionEndpoints
{
    /// <summary>Maps the session methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoServerSessions(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcProcedure("com.atproto.server.createSession", CreateSessionAsync);
        xrpc.MapXrpcQuery("com.atproto.server.getSession", GetSessionAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.refreshSession", RefreshSessionAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.deleteSession", DeleteSessionAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.createAppPassword", CreateAppPasswordAsync);
        xrpc.MapXrpcQuery("com.atproto.server.listAppPasswords", ListAppPasswordsAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.revokeAppPassword", RevokeAppPasswordAsync);
        xrpc.MapXrpcQuery("com.atproto.server.getServiceAuth", GetServiceAuthAsync);
        return xrpc;
    }

    private static async Task<CreateSessionOutput> CreateSessionAsync(HttpContext context, SessionService sessions, RequestRateLimiter limits)
    {
        var input = await context.Request.ReadJsonAsync<CreateSessionInput>(context.RequestAborted);
        // Counted per account, so that its handle, email and DID share one lock-out.
        context.Apply(limits.ConsumeCreateSession(await sessions.LoginKeyAsync(input.Identifier, context.RequestAborted), context.ClientIp()));
        return await sessions.CreateSessionAsync(input, context.RequestAborted);
    }

    private static async Task<GetSessionOutput> GetSessionAsync(HttpContext context, SessionService sessions) =>
        await sessions.GetSessionAsync(await context.RequireAccessAsync(AccessLevel.Standard, allowTakendown: true), context.RequestAborted);

    private static async Task<RefreshSessionOutput> RefreshSessionAsync(HttpContext context, SessionService sessions, AuthVerifier auth) =>
        await sessions.RefreshSessionAsync(auth.VerifyRefresh(context.Authorization()), context.RequestAborted);

    private static async Task DeleteSessionAsync(HttpContext context, SessionService sessions, AuthVerifier auth) =>
        await sessions.DeleteSessionAsync(auth.VerifyRefresh(context.Authorization(), allowExpired: true), context.RequestAborted);

    private static async Task<CreateAppPasswordOutput> CreateAppPasswordAsync(HttpContext context, SessionService sessions)
    {
        var principal = await context.RequireAccessAsync(AccessLevel.Privileged);
        var input = await context.Request.ReadJsonAsync<CreateAppPasswordInput>(context.RequestAborted);
        return await sessions.CreateAppPasswordAsync(principal, input, context.RequestAborted);
    }

    private static async Task<ListAppPasswordsOutput> ListAppPasswordsAsync(HttpContext context, SessionService sessions) =>
        await sessions.ListAppPasswordsAsync(await context.RequireAccessAsync(AccessLevel.Privileged), context.RequestAborted);

    private static async Task RevokeAppPasswordAsync(HttpContext context, SessionService sessions)
    {
        var principal = await context.RequireAccessAsync(AccessLevel.Privileged);
        var input = await context.Request.ReadJsonAsync<RevokeAppPasswordInput>(context.RequestAborted);
        await sessions.RevokeAppPasswordAsync(principal, input, context.RequestAborted);
    }

    private static async Task<GetServiceAuthOutput> GetServiceAuthAsync(HttpContext context, ServiceAuthIssuer issuer)
    {
        var principal = await context.RequireAccessAsync(AccessLevel.Standard, allowTakendown: true);
        var request = context.Request;
        var exp = request.GetOptional<long>("exp", 0);
        return await issuer.GetServiceAuthAsync(principal, request.GetRequired<string>("aud"), exp == 0 ? null : exp, request.GetOptional<string>("lxm"), context.RequestAborted);
    }
}
