using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// The DID documents of the <c>did:web</c> accounts this server hosts: DIDs whose host name is under one of the user
/// domains (<see cref="HandlePolicy.IsUserDomainDidWeb"/>, e.g. <c>did:web:alice.test</c>). Each document is built from
/// the account as stored: <c>alsoKnownAs</c> <c>at://&lt;handle&gt;</c>, the account's repo signing key as the
/// <c>Multikey</c> method <c>&lt;did&gt;#atproto</c>, and the service <c>#atproto_pds</c> at this PDS's public URL.
/// Nothing is fetched over the network; the document follows the account's handle and key as they change.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/did ("did:web in AT Protocol", "DID Documents"). The document is served at
/// <c>https://&lt;host&gt;/.well-known/did.json</c>, so the user domains' names must reach this PDS.
/// </remarks>
public sealed class HostedDidWebDocuments
{
    private readonly IAccountStore _accounts;
    private readonly Func<IAccountSigners> _signers;
    private readonly HandlePolicy _handles;
    private readonly Uri _pdsEndpoint;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="accounts">The account store.</param>
    /// <param name="signers">
    /// Gets the accounts' signing keys, called on first use (the account service itself resolves DID documents, so
    /// it cannot be a constructor dependency here).
    /// </param>
    /// <param name="handles">The handle policy, whose user domains decide which did:web DIDs are hosted here.</param>
    /// <param name="pdsEndpoint">This PDS's public URL (scheme, host and port), e.g. <c>https://pds.example.com</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public HostedDidWebDocuments(IAccountStore accounts, Func<IAccountSigners> signers, HandlePolicy handles, Uri pdsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(handles);
        ArgumentNullException.ThrowIfNull(pdsEndpoint);
        (_accounts, _signers, _handles, _pdsEndpoint) = (accounts, signers, handles, pdsEndpoint);
    }

    /// <summary>Tells whether a DID's document is this server's to serve (a did:web under a user domain), whether or not an account has it.</summary>
    /// <param name="did">The DID.</param>
    /// <returns><see langword="true"/> for a did:web under a user domain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    public bool IsHostedHere(Did did) => _handles.IsUserDomainDidWeb(did);

    /// <summary>Builds the DID document of a hosted did:web account.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The document, or <see langword="null"/> when the DID is not hosted here or no account has it (never created, or deleted).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The account's stored signing key cannot be read.</exception>
    public async Task<DidDocument?> GetAsync(Did did, CancellationToken cancellationToken = default)
    {
        if (!IsHostedHere(did))
        {
            return null;
        }

        var account = await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return null;
        }

        var signer = await _signers().GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
        return DidDocument.CreateAtproto(did, account.Handle, signer.PublicKey, _pdsEndpoint);
    }
}
