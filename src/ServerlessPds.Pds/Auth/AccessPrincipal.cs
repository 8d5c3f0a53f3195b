using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>Who a request with a valid access token acts for.</summary>
/// <param name="Did">The account.</param>
/// <param name="Scope">The token's scope (see <see cref="AuthScope"/>).</param>
public sealed record AccessPrincipal(Did Did, string Scope)
{
    /// <summary>Gets a value indicating whether the session came from an app password.</summary>
    public bool IsAppPassword => Scope is AuthScope.AppPass or AuthScope.AppPassPrivileged;

    /// <summary>Gets a value indicating whether the session may use privileged methods (full session or privileged app password).</summary>
    public bool IsPrivileged => Scope is AuthScope.Access or AuthScope.AppPassPrivileged;

    /// <summary>Gets a value indicating whether this is the narrow session of a taken-down account.</summary>
    public bool IsTakendown => Scope == AuthScope.Takendown;
}
