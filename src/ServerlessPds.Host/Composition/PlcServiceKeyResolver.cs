using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Finds the signing key of an inter-service JWT's issuer in its DID document from the PLC directory: the
/// <c>#atproto</c> key (the key of the account's current PDS, which signs the token an account migrating here brings
/// to createAccount). Other DID methods are not resolved here yet.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/xrpc ("Inter-Service Authentication"), atproto.com/specs/did. Errors follow the reference
/// PDS's service-auth verifier. Every call asks the directory (no cache), so <c>forceRefresh</c> changes nothing.
/// </remarks>
/// <param name="plc">The PLC directory.</param>
public sealed class PlcServiceKeyResolver(IPlcDirectory plc)
{
    /// <summary>Resolves the issuer's key; matches <see cref="ServiceKeyResolver"/>.</summary>
    /// <param name="issuer">The issuer's DID.</param>
    /// <param name="serviceId">The <c>iss</c> fragment, or <see langword="null"/>; only account keys (<c>#atproto</c>) are looked up.</param>
    /// <param name="forceRefresh">Ignored: nothing is cached.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The key.</returns>
    /// <exception cref="XrpcException">
    /// 401 <c>AuthenticationRequired</c> "could not resolve iss did" (not a <c>did:plc</c>, unknown or tombstoned, or the
    /// directory failed), or "missing or bad key in did doc".
    /// </exception>
    public async ValueTask<PublicKey?> ResolveAsync(Did issuer, string? serviceId, bool forceRefresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        Protocol.Identity.DidDocument? document = null;
        if (issuer.Method == "plc")
        {
            try
            {
                document = await plc.GetDocumentAsync(issuer, cancellationToken).ConfigureAwait(false);
            }
            catch (PlcDirectoryException)
            {
                document = null;
            }
        }

        if (document is null)
        {
            throw XrpcException.AuthenticationRequired("could not resolve iss did");
        }

        return serviceId is null or "atproto" && document.SigningKey is { } key
            ? key
            : throw XrpcException.AuthenticationRequired("missing or bad key in did doc");
    }
}
