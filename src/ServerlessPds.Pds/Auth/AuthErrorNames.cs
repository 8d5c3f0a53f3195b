using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// XRPC error names of authentication failures that <see cref="XrpcErrorName"/> does not define: those of the server
/// lexicons and of inter-service JWT checks, spelled as the reference PDS and its XRPC server send them.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc; lexicons com.atproto.server.createSession and getServiceAuth.</remarks>
public static class AuthErrorNames
{
    /// <summary>400 (createSession): an email second factor is required.</summary>
    public static readonly XrpcErrorName AuthFactorTokenRequired = new("AuthFactorTokenRequired");

    /// <summary>400 (getServiceAuth): the requested <c>exp</c> is in the past or too far ahead.</summary>
    public static readonly XrpcErrorName BadExpiration = new("BadExpiration");

    /// <summary>401: a service-auth token is malformed or uses an unsupported algorithm.</summary>
    public static readonly XrpcErrorName BadJwt = new("BadJwt");

    /// <summary>401: a service-auth token has the <c>typ</c> of another kind of token.</summary>
    public static readonly XrpcErrorName BadJwtType = new("BadJwtType");

    /// <summary>401: a service-auth token has expired or is not valid yet.</summary>
    public static readonly XrpcErrorName JwtExpired = new("JwtExpired");

    /// <summary>401: a service-auth token's <c>aud</c> is not this service.</summary>
    public static readonly XrpcErrorName BadJwtAudience = new("BadJwtAudience");

    /// <summary>401: a service-auth token's <c>lxm</c> is missing or names another method.</summary>
    public static readonly XrpcErrorName BadJwtLexiconMethod = new("BadJwtLexiconMethod");

    /// <summary>401: a service-auth token's signature does not match the issuer's key.</summary>
    public static readonly XrpcErrorName BadJwtSignature = new("BadJwtSignature");
}
