namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// Something that signs with an atproto key: a private key in memory (<see cref="SigningKey"/>) or one held by a key
/// service. Implementations hash the data with SHA-256, sign the hash with ECDSA on <see cref="PublicKey"/>'s curve,
/// and return a 64-byte r‖s low-S signature (see <see cref="CompactSignature"/>).
/// </summary>
/// <remarks>Spec: atproto.com/specs/cryptography.</remarks>
public interface ISigner
{
    /// <summary>Gets the public half of the signing key, which verifies the signatures.</summary>
    PublicKey PublicKey { get; }

    /// <summary>Signs data (for example a commit's DAG-CBOR bytes).</summary>
    /// <param name="data">The bytes to sign; the implementation hashes them with SHA-256.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A new 64-byte compact low-S signature (r‖s, big-endian).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
