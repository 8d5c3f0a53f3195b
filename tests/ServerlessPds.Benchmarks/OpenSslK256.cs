using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Benchmarks;

/// <summary>
/// K-256 on OpenSSL through the platform's ECDsa, as the protocol project did before it moved to NBitcoin.Secp256k1,
/// kept only for the core benchmark's comparison: SHA-256 + ECDSA in the 64-byte r‖s form, high-S signatures rewritten
/// to low-S after signing, and verification that refuses anything not low-S before asking OpenSSL.
/// </summary>
internal sealed class OpenSslK256 : IDisposable
{
    private readonly ECDsa _ecdsa;

    public OpenSslK256(byte[] privateKey) =>
        _ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.CreateFromFriendlyName("secP256k1"), D = privateKey });

    public byte[] Sign(byte[] message)
    {
        var signature = _ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        CompactSignature.NormalizeLowS(KeyAlgorithm.K256, signature);
        return signature;
    }

    public bool Verify(byte[] message, byte[] signature) =>
        CompactSignature.IsWellFormed(KeyAlgorithm.K256, signature)
        && _ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _ecdsa.Dispose();
}
