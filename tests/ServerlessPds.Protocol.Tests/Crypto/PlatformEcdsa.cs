using System.Numerics;
using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Protocol.Tests.Crypto;

/// <summary>
/// Independent checks through the platform's ECDsa (OpenSSL), so that tests do not judge the code under test with
/// its own arithmetic: the curve order, raw verification in any signature format, and making a high-S twin.
/// </summary>
internal static class PlatformEcdsa
{
    public static ECCurve Curve(KeyAlgorithm algorithm) =>
        algorithm == KeyAlgorithm.K256 ? ECCurve.CreateFromFriendlyName("secp256k1") : ECCurve.NamedCurves.nistP256;

    public static ECParameters ExplicitParameters(KeyAlgorithm algorithm)
    {
        using var ecdsa = ECDsa.Create(Curve(algorithm));
        return ecdsa.ExportExplicitParameters(false);
    }

    private static readonly BigInteger K256Order = ReadOrder(KeyAlgorithm.K256);
    private static readonly BigInteger P256Order = ReadOrder(KeyAlgorithm.P256);

    public static BigInteger Order(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.K256 ? K256Order : P256Order;

    private static BigInteger ReadOrder(KeyAlgorithm algorithm) =>
        new(ExplicitParameters(algorithm).Curve.Order, isUnsigned: true, isBigEndian: true);

    /// <summary>Verifies with no atproto rules: any s, and the given encoding (P1363 or DER).</summary>
    public static bool Verify(PublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, DSASignatureFormat format)
    {
        var point = key.ToUncompressed();
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = Curve(key.Algorithm),
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, format);
    }

    /// <summary>Returns r‖(n - s): the other, equally valid ECDSA signature.</summary>
    public static byte[] Twin(KeyAlgorithm algorithm, ReadOnlySpan<byte> signature)
    {
        var s = new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true);
        var twinS = (Order(algorithm) - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var twin = signature.ToArray();
        twin.AsSpan(32).Clear();
        twinS.CopyTo(twin.AsSpan(64 - twinS.Length));
        return twin;
    }

    public static bool IsHighS(KeyAlgorithm algorithm, ReadOnlySpan<byte> signature) =>
        new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true) > Order(algorithm) / 2;
}
