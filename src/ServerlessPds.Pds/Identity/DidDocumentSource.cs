using System.Text.Json;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// Resolves DID documents for the PDS: <c>did:plc</c> from the PLC directory; a <c>did:web</c> under one of the user
/// domains from the account store, without a network fetch (<see cref="HostedDidWebDocuments"/>); any other
/// <c>did:web</c> from its host (<see cref="IDidWebClient"/>), as the reference PDS. Used for the optional
/// <c>didDoc</c> of session outputs and describeRepo, <c>validDid</c> of checkAccountStatus (the document still
/// points at this PDS with the account's handle and signing key), and the keys of service-auth issuers.
/// </summary>
/// <remarks>Spec: atproto.com/specs/did ("DID Documents", "did:web in AT Protocol"); lexicon com.atproto.server.checkAccountStatus.</remarks>
/// <param name="plc">The PLC directory.</param>
/// <param name="hosted">The documents of did:web accounts hosted here.</param>
/// <param name="web">Fetches the documents of did:web DIDs hosted elsewhere.</param>
/// <param name="pdsEndpoint">This PDS's public URL.</param>
public sealed class DidDocumentSource(IPlcDirectory plc, HostedDidWebDocuments hosted, IDidWebClient web, Uri pdsEndpoint) : IDidDocumentSource, IDidResolver
{
    /// <inheritdoc/>
    public async Task<JsonElement?> GetDidDocumentAsync(Did did, CancellationToken cancellationToken = default)
    {
        var document = await FindAsync(did, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(document.ToJson());
        return json.RootElement.Clone();
    }

    /// <inheritdoc/>
    public async Task<bool> IsValidForAccountAsync(Did did, Handle handle, PublicKey signingKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var document = await FindAsync(did, cancellationToken).ConfigureAwait(false);
        return document is not null
            && document.Handle == handle
            && document.SigningKey?.ToDidKey() == signingKey.ToDidKey()
            && document.PdsEndpoint is { } endpoint
            && Uri.Compare(endpoint, pdsEndpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    /// <summary>
    /// Finds the atproto signing key of a service-auth issuer (a <see cref="Pds.Auth.ServiceKeyResolver"/>): the
    /// <c>#atproto</c> key of its DID document. Issuers with a service fragment (<c>#atproto_labeler</c>) get none.
    /// </summary>
    /// <param name="issuer">The issuer's DID.</param>
    /// <param name="serviceId">The issuer's service fragment, or <see langword="null"/>.</param>
    /// <param name="forceRefresh">Unused: nothing here is cached.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The key.</returns>
    /// <exception cref="XrpcException">
    /// 401 <c>AuthenticationRequired</c> "could not resolve iss did" (unknown, tombstoned, or the directory or host did
    /// not answer) or "missing or bad key in did doc", as the reference PDS's service-auth verifier.
    /// </exception>
    public async ValueTask<PublicKey?> ResolveSigningKeyAsync(Did issuer, string? serviceId, bool forceRefresh, CancellationToken cancellationToken)
    {
        var document = await FindAsync(issuer, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.AuthenticationRequired("could not resolve iss did");
        return serviceId is null or "atproto" && document.SigningKey is { } key
            ? key
            : throw XrpcException.AuthenticationRequired("missing or bad key in did doc");
    }

    /// <summary>Resolves a DID document by the DID's method and host.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The document, or <see langword="null"/> when it cannot be resolved (unknown method, no such DID, the directory or host does not answer).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    public async Task<DidDocument?> FindAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (hosted.IsHostedHere(did))
        {
            return await hosted.GetAsync(did, cancellationToken).ConfigureAwait(false);
        }

        if (did.Method == "web")
        {
            return await web.GetAsync(did, cancellationToken).ConfigureAwait(false);
        }

        if (did.Method != "plc")
        {
            return null;
        }

        try
        {
            return await plc.GetDocumentAsync(did, cancellationToken).ConfigureAwait(false);
        }
        catch (PlcDirectoryException)
        {
            return null; // the directory is down: the document is optional where it is shown, and "not valid" where checked
        }
    }
}
