using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api;

/// <summary>
/// The availability check of the public repo reads (<c>com.atproto.repo.getRecord</c>/<c>listRecords</c>/<c>describeRepo</c>,
/// the <c>com.atproto.sync.*</c> reads, getBlob, listBlobs): a repo whose account is not active is refused unless the
/// caller is the account itself (a valid access token of that DID, also a taken-down session) or the admin (Basic auth).
/// </summary>
/// <remarks>Spec: atproto.com/specs/account ("Account Status"); the decision is <see cref="RepoAvailability"/>'s.</remarks>
/// <param name="auth">Recognises the owner's token and the admin's credentials.</param>
/// <param name="availability">Reads the account and decides.</param>
public sealed class RepoReadAccess(AuthVerifier auth, RepoAvailability availability)
{
    /// <summary>Parses a DID parameter and requires its repo to be servable to this caller.</summary>
    /// <param name="call">The request.</param>
    /// <param name="parameter">The query parameter holding the DID.</param>
    /// <returns>The DID.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> (missing or malformed), and as <see cref="RequireServableAsync"/>.</exception>
    public async Task<Did> RequireServableDidAsync(XrpcCall call, string parameter = "did")
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = call.GetRequired<Did>(parameter);
        await RequireServableAsync(call, did);
        return did;
    }

    /// <summary>Reads the account of <paramref name="did"/> and requires its repo to be servable to this caller.</summary>
    /// <param name="call">The request.</param>
    /// <param name="did">The repo's DID.</param>
    /// <returns>The account.</returns>
    /// <exception cref="XrpcException">400 <c>RepoNotFound</c>, <c>RepoTakendown</c> or <c>RepoDeactivated</c>.</exception>
    public Task<AccountRecord> RequireServableAsync(XrpcCall call, Did did)
    {
        ArgumentNullException.ThrowIfNull(call);
        return availability.RequireServableAsync(did, IsOwnerOrAdmin(call, did), call.Aborted);
    }

    /// <summary>Requires an account already read to have its repo servable to this caller, without reading it again.</summary>
    /// <param name="call">The request.</param>
    /// <param name="account">The account.</param>
    /// <returns><paramref name="account"/>.</returns>
    /// <exception cref="XrpcException">400 <c>RepoTakendown</c> or <c>RepoDeactivated</c>.</exception>
    public AccountRecord RequireServable(XrpcCall call, AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return RepoAvailability.RequireServable(account, IsOwnerOrAdmin(call, account.Did));
    }

    private bool IsOwnerOrAdmin(XrpcCall call, Did did)
    {
        ArgumentNullException.ThrowIfNull(call);
        var authorization = call.Authorization;
        if (authorization is null)
        {
            return false;
        }

        if (auth.IsAdmin(authorization))
        {
            return true;
        }

        try
        {
            // The token alone (no session read): it only lets the owner see their own unavailable repo.
            return auth.VerifyAccess(authorization, AccessLevel.Standard, allowTakendown: true).Did == did;
        }
        catch (XrpcException)
        {
            return false;
        }
    }
}
