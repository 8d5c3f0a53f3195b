using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// The PDS's PLC rotation key (secp256k1) as a DI singleton: it signs the PLC operations of the <c>did:plc</c> accounts
/// hosted here and is recommended as their rotation key. The host supplies it (configured, or derived from the
/// key-encryption key); it is disposed with the container.
/// </summary>
/// <remarks>Spec: github.com/did-method-plc/did-method-plc ("rotationKeys").</remarks>
/// <param name="key">The rotation key.</param>
public sealed class ServiceRotationKeyHolder(SigningKey key) : IDisposable
{
    /// <summary>Gets the rotation key.</summary>
    public SigningKey Key { get; } = key;

    /// <inheritdoc/>
    public void Dispose() => Key.Dispose();
}
