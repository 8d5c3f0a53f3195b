namespace ServerlessPds.Pds.Auth;

/// <summary>Which session scopes an endpoint accepts, as the reference PDS's access verifiers.</summary>
/// <remarks>Spec: atproto.com/specs/xrpc (authentication); scopes in <see cref="AuthScope"/>.</remarks>
public enum AccessLevel
{
    /// <summary>Full sessions and every app password (<c>access</c>, <c>appPass</c>, <c>appPassPrivileged</c>): most endpoints.</summary>
    Standard,

    /// <summary>Full sessions and privileged app passwords: privileged methods such as chat and getServiceAuth for them.</summary>
    Privileged,

    /// <summary>Full sessions only (account password): account management, such as creating app passwords.</summary>
    Full,
}
