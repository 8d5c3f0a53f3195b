using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// The PDS's identity operations: creating <c>did:plc</c> identities and changing their handle through the PLC
/// directory, the DID documents of <c>did:web</c> accounts, the credentials recommended to migrating accounts, and the
/// handle checks of account creation. Thread-safe; keys are passed per call and never stored.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/did, atproto.com/specs/handle, web.plc.directory/spec/v0.1/did-plc; lexicons
/// com.atproto.server.createAccount, com.atproto.identity.updateHandle, com.atproto.identity.getRecommendedDidCredentials.
/// </remarks>
public sealed class IdentityService
{
    private readonly IPlcDirectory _plcDirectory;
    private readonly IHandleResolver _handleResolver;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="plcDirectory">The PLC directory.</param>
    /// <param name="handleResolver">The resolver for handles outside the user domains.</param>
    /// <param name="handlePolicy">The server's handle rules.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IdentityService(IPlcDirectory plcDirectory, IHandleResolver handleResolver, HandlePolicy handlePolicy)
    {
        ArgumentNullException.ThrowIfNull(plcDirectory);
        ArgumentNullException.ThrowIfNull(handleResolver);
        ArgumentNullException.ThrowIfNull(handlePolicy);
        _plcDirectory = plcDirectory;
        _handleResolver = handleResolver;
        HandlePolicy = handlePolicy;
    }

    /// <summary>Gets the server's handle rules.</summary>
    public HandlePolicy HandlePolicy { get; }

    /// <summary>
    /// Creates a <c>did:plc</c>: builds the genesis operation (handle, signing key, rotation keys, PDS endpoint), signs
    /// it with the PDS rotation key, submits it to the directory and returns the DID it created.
    /// </summary>
    /// <param name="handle">The account's handle.</param>
    /// <param name="signingKey">The account's repo signing key (<c>verificationMethods.atproto</c>).</param>
    /// <param name="rotationKey">The PDS's rotation key: signs the genesis operation and is listed as a rotation key.</param>
    /// <param name="pdsEndpoint">This PDS's URL (scheme, host and port only).</param>
    /// <param name="recoveryKeys">Keys listed before the PDS key (so with more authority), e.g. a user's recovery key; at most 4.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The new DID.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="recoveryKeys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Too many or duplicate rotation keys, or a bad endpoint.</exception>
    /// <exception cref="PlcDirectoryException">The directory rejected the operation or failed.</exception>
    /// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("Creation of DID").</remarks>
    public async Task<Did> CreatePlcDidAsync(
        Handle handle,
        PublicKey signingKey,
        ISigner rotationKey,
        Uri pdsEndpoint,
        IEnumerable<PublicKey>? recoveryKeys = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rotationKey);
        var rotationKeys = (recoveryKeys ?? []).Append(rotationKey.PublicKey);
        var genesis = await PlcOperation.CreateAtproto(handle, signingKey, rotationKeys, pdsEndpoint)
            .SignAsync(rotationKey, cancellationToken).ConfigureAwait(false);
        var did = PlcDid.FromGenesis(genesis);
        await _plcDirectory.SubmitAsync(did, genesis, cancellationToken).ConfigureAwait(false);
        return did;
    }

    /// <summary>
    /// Changes the handle of a <c>did:plc</c>: reads the last operation, builds the next one with the new handle
    /// (<c>prev</c> = the last operation's CID), signs it with the PDS rotation key and submits it. Does nothing when
    /// the DID already has that handle.
    /// </summary>
    /// <param name="did">The <c>did:plc</c>.</param>
    /// <param name="handle">The new handle, already checked (see <see cref="ValidateHandleAsync"/>).</param>
    /// <param name="rotationKey">The PDS rotation key; it must be one of the last operation's rotation keys.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The operation now last in the log (the submitted one, or the unchanged last one).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// The DID is not registered, is tombstoned, or <paramref name="rotationKey"/> is not one of its rotation keys.
    /// </exception>
    /// <exception cref="PlcDirectoryException">The directory rejected the operation or failed.</exception>
    /// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("DID Update"); lexicon com.atproto.identity.updateHandle.</remarks>
    public async Task<PlcOperation> UpdateHandleAsync(Did did, Handle handle, ISigner rotationKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(rotationKey);
        var last = await _plcDirectory.GetLastOperationAsync(did, cancellationToken).ConfigureAwait(false) switch
        {
            null => throw new InvalidOperationException($"{did} is not registered in the PLC directory."),
            PlcTombstone => throw new InvalidOperationException($"{did} is tombstoned in the PLC directory."),
            PlcOperation operation => operation,
            var other => throw new InvalidOperationException($"Unexpected PLC operation type '{other.Type}'."),
        };

        if (last.Handle == handle)
        {
            return last;
        }

        var rotationDidKey = rotationKey.PublicKey.ToDidKey();
        if (!last.RotationKeys.Contains(rotationDidKey, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"This server's rotation key {rotationDidKey} is not a rotation key of {did}; the account must sign its own PLC operations.");
        }

        var next = await last.NextWithHandle(handle).SignAsync(rotationKey, cancellationToken).ConfigureAwait(false);
        await _plcDirectory.SubmitAsync(did, next, cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>Builds the output of <c>com.atproto.identity.getRecommendedDidCredentials</c> for an account.</summary>
    /// <param name="did">The account's DID: rotation keys are recommended only for a <c>did:plc</c>.</param>
    /// <param name="handle">The account's handle.</param>
    /// <param name="signingKey">The account's signing key on this server.</param>
    /// <param name="rotationKeys">This server's rotation keys, in priority order.</param>
    /// <param name="pdsEndpoint">This PDS's URL (scheme, host and port only).</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The endpoint is not a bare http(s) origin.</exception>
    /// <remarks>Lexicon: com.atproto.identity.getRecommendedDidCredentials.</remarks>
    public RecommendedDidCredentials GetRecommendedDidCredentials(
        Did did,
        Handle handle,
        PublicKey signingKey,
        IEnumerable<PublicKey> rotationKeys,
        Uri pdsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(rotationKeys);
        return new RecommendedDidCredentials(
            did.Method == "plc" ? rotationKeys.Select(k => k.ToDidKey()).ToList().AsReadOnly() : null,
            [DidDocument.AtUriPrefix + handle.Value],
            new Dictionary<string, string> { [PlcOperation.AtprotoVerificationMethodId] = signingKey.ToDidKey() },
            new Dictionary<string, PlcService> { [PlcOperation.AtprotoPdsServiceId] = PlcService.AtprotoPds(pdsEndpoint) });
    }

    /// <summary>
    /// Builds the DID document of a <c>did:web</c> account, which the account's host serves at
    /// <see cref="DidWeb.DocumentPath"/> (<c>/.well-known/did.json</c>).
    /// </summary>
    /// <param name="did">A supported <c>did:web</c> (hostname only; a port only for <c>localhost</c>).</param>
    /// <param name="handle">The handle, or <see langword="null"/> for none.</param>
    /// <param name="signingKey">The account's signing key.</param>
    /// <param name="pdsEndpoint">This PDS's URL (scheme, host and port only).</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="handle"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="did"/> is not a supported <c>did:web</c>, or the endpoint is not a bare origin.</exception>
    /// <remarks>Spec: atproto.com/specs/did ("did:web in AT Protocol").</remarks>
    public DidDocument CreateDidWebDocument(Did did, Handle? handle, PublicKey signingKey, Uri pdsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(did);
        return DidWeb.IsSupported(did)
            ? DidDocument.CreateAtproto(did, handle, signingKey, pdsEndpoint)
            : throw new ArgumentException($"'{did}' is not a did:web that atproto supports.", nameof(did));
    }

    /// <summary>
    /// Checks a handle for account creation or a handle change: a handle under a user domain must follow
    /// <see cref="HandlePolicy"/>; any other handle must already resolve (DNS or HTTPS) to the account's DID.
    /// </summary>
    /// <param name="handle">The handle as the client sent it.</param>
    /// <param name="did">The account's DID, or <see langword="null"/> when it has none yet (then only user-domain handles are possible).</param>
    /// <param name="cancellationToken">A token that cancels the check.</param>
    /// <returns>The normalized handle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is <see langword="null"/>.</exception>
    /// <exception cref="XrpcException">
    /// 400 <c>InvalidHandle</c>, <c>HandleNotAvailable</c> (see <see cref="HandlePolicy.ValidateUserDomainHandle"/>),
    /// <c>UnsupportedDomain</c> (another domain and no DID), or <c>InvalidHandle</c> (another domain that does not
    /// resolve to <paramref name="did"/>).
    /// </exception>
    /// <remarks>Spec: atproto.com/specs/handle; lexicon com.atproto.server.createAccount.</remarks>
    public async Task<Handle> ValidateHandleAsync(string handle, Did? did, CancellationToken cancellationToken = default)
    {
        var normalized = HandlePolicy.Normalize(handle);
        if (HandlePolicy.IsUserDomainHandle(normalized))
        {
            return HandlePolicy.ValidateUserDomainHandle(handle);
        }

        if (did is null)
        {
            throw XrpcException.BadRequest(AccountErrorNames.UnsupportedDomain, "Not a supported handle domain");
        }

        var resolved = await _handleResolver.ResolveAsync(normalized, cancellationToken).ConfigureAwait(false);
        return resolved == did
            ? normalized
            : throw XrpcException.BadRequest(AccountErrorNames.InvalidHandle, $"External handle did not resolve to DID: {normalized}");
    }
}
