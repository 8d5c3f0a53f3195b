using System.Globalization;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The <c>com.atproto.server.*</c> account methods: describeServer, createAccount, checkAccountStatus,
/// activateAccount, deactivateAccount, requestAccountDelete, deleteAccount, createInviteCode(s). Sessions and app
/// passwords are in <see cref="ComAtprotoServerSessionEndpoints"/>.
/// </summary>
/// <remarks>Lexicons: lexicons/com/atproto/server/*.json; behaviour in <see cref="AccountService"/>.</remarks>
public static class ComAtprotoServerEndpoints
{
    /// <summary>Maps the <c>com.atproto.server.*</c> methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoServer(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("com.atproto.server.describeServer", DescribeServer);
        xrpc.MapXrpcProcedure("com.atproto.server.createAccount", CreateAccountAsync);
        xrpc.MapXrpcQuery("com.atproto.server.checkAccountStatus", CheckAccountStatusAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.activateAccount", ActivateAccountAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.deactivateAccount", DeactivateAccountAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.requestAccountDelete", RequestAccountDeleteAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.deleteAccount", DeleteAccountAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.createInviteCode", CreateInviteCodeAsync);
        xrpc.MapXrpcProcedure("com.atproto.server.createInviteCodes", CreateInviteCodesAsync);
        xrpc.MapComAtprotoServerSessions();
        return xrpc;
    }

    private static DescribeServerOutput DescribeServer(IOptions<PdsOptions> options) => DescribeServerOutput.From(options.Value);

    /// <summary>
    /// createAccount. A request with <c>Authorization</c> must carry service auth (a JWT for this service and method,
    /// signed by the issuer DID's <c>#atproto</c> key): its issuer may create an account with <c>did</c> set to itself.
    /// </summary>
    private static async Task<CreateAccountOutput> CreateAccountAsync(
        HttpContext context, AccountService accounts, RequestRateLimiter limits, AuthVerifier verifier, DidDocumentSource documents)
    {
        context.Apply(limits.ConsumeCreateAccount(context.ClientIp()));
        var input = await context.Request.ReadJsonAsync<CreateAccountInput>(context.RequestAborted);
        var requester = context.Authorization() is { } authorization
            ? (await verifier.VerifyServiceAuthAsync(authorization, "com.atproto.server.createAccount", documents.ResolveSigningKeyAsync, context.RequestAborted)).IssuerDid
            : null;
        return await accounts.CreateAccountAsync(input, requester, context.RequestAborted);
    }

    private static async Task<CheckAccountStatusOutput> CheckAccountStatusAsync(HttpContext context, AccountService accounts) =>
        await accounts.CheckAccountStatusAsync((await context.RequireAccessAsync()).Did, context.RequestAborted);

    private static async Task ActivateAccountAsync(HttpContext context, AccountService accounts) =>
        await accounts.ActivateAccountAsync((await context.RequireAccessAsync(AccessLevel.Full)).Did, context.RequestAborted);

    private static async Task DeactivateAccountAsync(HttpContext context, AccountService accounts)
    {
        var principal = await context.RequireAccessAsync(AccessLevel.Full);
        var input = await context.Request.ReadJsonAsync<DeactivateAccountInput>(context.RequestAborted);
        DateTimeOffset? deleteAfter = null;
        if (input.DeleteAfter is { } text)
        {
            deleteAfter = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed : throw XrpcException.InvalidRequest("deleteAfter must be a datetime");
        }

        await accounts.DeactivateAccountAsync(principal.Did, deleteAfter, context.RequestAborted);
    }

    private static async Task RequestAccountDeleteAsync(HttpContext context, AccountService accounts) =>
        await accounts.RequestAccountDeleteAsync((await context.RequireAccessAsync(AccessLevel.Full, allowTakendown: true)).Did, context.RequestAborted);

    private static async Task DeleteAccountAsync(HttpContext context, AccountService accounts) =>
        await accounts.DeleteAccountAsync(await context.Request.ReadJsonAsync<DeleteAccountInput>(context.RequestAborted), context.RequestAborted);

    private static async Task<CreateInviteCodeOutput> CreateInviteCodeAsync(HttpContext context, InviteCodeService invites)
    {
        context.RequireAdmin();
        return await invites.CreateInviteCodeAsync(await context.Request.ReadJsonAsync<CreateInviteCodeInput>(context.RequestAborted), context.RequestAborted);
    }

    private static async Task<CreateInviteCodesOutput> CreateInviteCodesAsync(HttpContext context, InviteCodeService invites)
    {
        context.RequireAdmin();
        return await invites.CreateInviteCodesAsync(await context.Request.ReadJsonAsync<CreateInviteCodesInput>(context.RequestAborted), context.RequestAborted);
    }
}
