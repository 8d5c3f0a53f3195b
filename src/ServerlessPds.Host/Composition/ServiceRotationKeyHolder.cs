using ServerlessPds.Pds.Identity;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Host.Composition;

/// <summary>The PDS's PLC rotation key as a DI singleton (see <see cref="ServiceRotationKey"/>); disposed with the container.</summary>
/// <param name="key">The rotation key.</param>
public sealed class ServiceRotationKeyHolder(SigningKey key) : IDisposable
{
    /// <summary>Gets the rotation key.</summary>
    public SigningKey Key { get; } = key;

    /// <inheritdoc/>
    public void Dispose() => Key.Dispose();
}
