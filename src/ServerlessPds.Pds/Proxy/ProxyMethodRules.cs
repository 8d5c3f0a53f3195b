using ServerlessPds.Pds.Auth;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// Which sessions may have which methods proxied, as the reference PDS (<c>proxyHandler</c>): account-management methods
/// (<see cref="ServiceAuthIssuer.ProtectedMethods"/>) are never proxied, and the privileged ones
/// (<see cref="ServiceAuthIssuer.PrivilegedMethods"/>: chat, createAccount) only for full sessions and privileged app
/// passwords. Both refusals are 400 <c>InvalidToken</c> "Bad token method".
/// </summary>
public static class ProxyMethodRules
{
    /// <summary>Refuses a call the reference would not proxy.</summary>
    /// <param name="nsid">The method's NSID.</param>
    /// <param name="principal">The caller, or <see langword="null"/> before authentication (only the protected check runs).</param>
    /// <exception cref="XrpcException">400 <c>InvalidToken</c> "Bad token method".</exception>
    public static void Check(string nsid, AccessPrincipal? principal)
    {
        ArgumentNullException.ThrowIfNull(nsid);
        if (ServiceAuthIssuer.ProtectedMethods.Contains(nsid)
            || (principal is not null && !principal.IsPrivileged && ServiceAuthIssuer.PrivilegedMethods.Contains(nsid)))
        {
            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Bad token method");
        }
    }
}
