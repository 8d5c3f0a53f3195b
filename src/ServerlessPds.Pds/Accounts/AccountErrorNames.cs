using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <summary>XRPC error names of the com.atproto.server account lexicons that <see cref="XrpcErrorName"/> does not define.</summary>
/// <remarks>Lexicons: com.atproto.server.createAccount (<c>errors</c>), activateAccount (reference PDS: <c>AccountNotFound</c>).</remarks>
public static class AccountErrorNames
{
    /// <summary>400: the handle is not valid or not allowed.</summary>
    public static readonly XrpcErrorName InvalidHandle = new("InvalidHandle");

    /// <summary>400: the password does not meet this server's requirements.</summary>
    public static readonly XrpcErrorName InvalidPassword = new("InvalidPassword");

    /// <summary>400: the invite code is missing, unknown, disabled or used up.</summary>
    public static readonly XrpcErrorName InvalidInviteCode = new("InvalidInviteCode");

    /// <summary>400: another account has the handle.</summary>
    public static readonly XrpcErrorName HandleNotAvailable = new("HandleNotAvailable");

    /// <summary>400: the handle is not under one of this server's domains.</summary>
    public static readonly XrpcErrorName UnsupportedDomain = new("UnsupportedDomain");

    /// <summary>400: an imported DID cannot be resolved.</summary>
    public static readonly XrpcErrorName UnresolvableDid = new("UnresolvableDid");

    /// <summary>400: an imported DID's document does not fit this server.</summary>
    public static readonly XrpcErrorName IncompatibleDidDoc = new("IncompatibleDidDoc");

    /// <summary>400: the account does not exist (or cannot be changed in its current state).</summary>
    public static readonly XrpcErrorName AccountNotFound = new("AccountNotFound");

    /// <summary>400: an account migrating in brings a DID this server already hosts (reference PDS: "Repo already exists").</summary>
    public static readonly XrpcErrorName AlreadyExists = new("AlreadyExists");
}
