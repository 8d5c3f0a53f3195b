namespace ServerlessPds.Pds.Auth;

/// <summary>
/// The <c>scope</c> values of session JWTs, as the reference PDS issues them. Full sessions (account password) get
/// <see cref="Access"/>; app-password sessions get <see cref="AppPass"/> or <see cref="AppPassPrivileged"/>; refresh
/// tokens carry <see cref="Refresh"/>; a taken-down account that logs in with <c>allowTakendown</c> gets
/// <see cref="Takendown"/>, which is accepted almost nowhere.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc (authentication); lexicon com.atproto.server.createSession.</remarks>
public static class AuthScope
{
    /// <summary>Full access, from the account password.</summary>
    public const string Access = "com.atproto.access";

    /// <summary>App-password access: everything except account management and privileged methods.</summary>
    public const string AppPass = "com.atproto.appPass";

    /// <summary>Privileged app-password access: also privileged methods (for example direct messages).</summary>
    public const string AppPassPrivileged = "com.atproto.appPassPrivileged";

    /// <summary>The scope of refresh tokens; valid only for refreshSession and deleteSession.</summary>
    public const string Refresh = "com.atproto.refresh";

    /// <summary>The narrow scope of a taken-down account's session.</summary>
    public const string Takendown = "com.atproto.takendown";

    /// <summary>Tells whether a scope is one of the access-token scopes above (not <see cref="Refresh"/>).</summary>
    /// <param name="scope">The scope claim.</param>
    /// <returns><see langword="true"/> for <see cref="Access"/>, <see cref="AppPass"/>, <see cref="AppPassPrivileged"/> or <see cref="Takendown"/>.</returns>
    public static bool IsAccessScope(string? scope) => scope is Access or AppPass or AppPassPrivileged or Takendown;
}
