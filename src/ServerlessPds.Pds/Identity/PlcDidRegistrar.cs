using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// Registers new accounts' DIDs as <c>did:plc</c> through <see cref="IdentityService.CreatePlcDidAsync"/>, signed by
/// the PDS rotation key (<see cref="ServiceRotationKey"/>), with this PDS as the <c>atproto_pds</c> endpoint and the
/// user's <c>recoveryKey</c> (a <c>did:key</c>), when given, ahead of the PDS key.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("Creation of DID"); lexicon com.atproto.server.createAccount (<c>recoveryKey</c>).</remarks>
/// <param name="identity">The identity service.</param>
/// <param name="rotationKey">The PDS rotation key.</param>
/// <param name="pdsEndpoint">This PDS's public URL.</param>
public sealed class PlcDidRegistrar(IdentityService identity, ISigner rotationKey, Uri pdsEndpoint) : IDidRegistrar
{
    /// <inheritdoc/>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> for a malformed recovery key; 502 <c>UpstreamFailure</c> when the PLC directory fails.</exception>
    public async Task<Did> RegisterAsync(Handle handle, PublicKey signingKey, string? recoveryKey, CancellationToken cancellationToken = default)
    {
        PublicKey[] recovery = [];
        if (!string.IsNullOrEmpty(recoveryKey))
        {
            try
            {
                recovery = [PublicKey.FromDidKey(recoveryKey)];
            }
            catch (FormatException e)
            {
                throw new XrpcException(400, XrpcErrorName.InvalidRequest, $"Invalid recoveryKey: {e.Message}", e);
            }
        }

        try
        {
            return await identity.CreatePlcDidAsync(handle, signingKey, rotationKey, pdsEndpoint, recovery, cancellationToken).ConfigureAwait(false);
        }
        catch (PlcDirectoryException e)
        {
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, $"The PLC directory refused the new DID: {e.Message}", e);
        }
    }
}
