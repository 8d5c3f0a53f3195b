using System.Text.Json;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Supplies the DID documents of hosted accounts from the PLC directory (for the optional <c>didDoc</c> of session
/// outputs and describeRepo) and checks that a document still points at this PDS with the account's handle and
/// signing key (<c>validDid</c> of checkAccountStatus). <c>did:web</c> accounts are not served yet: no document, not valid.
/// </summary>
/// <remarks>Spec: atproto.com/specs/did ("DID Documents"); lexicon com.atproto.server.checkAccountStatus.</remarks>
/// <param name="plc">The PLC directory.</param>
/// <param name="pdsEndpoint">This PDS's public URL.</param>
public sealed class PlcDidDocumentSource(IPlcDirectory plc, Uri pdsEndpoint) : IDidDocumentSource
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

    private async Task<DidDocument?> FindAsync(Did did, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
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
