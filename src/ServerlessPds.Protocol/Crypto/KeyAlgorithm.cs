using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// One of the two elliptic-curve signature systems atproto supports, both ECDSA over SHA-256 with 64-byte low-S
/// signatures: <see cref="K256"/> (secp256k1, the default for new keys) and <see cref="P256"/> (NIST P-256, secp256r1).
/// The set is closed: these two instances are the only ones, so reference equality is value equality.
/// </summary>
/// <remarks>Spec: atproto.com/specs/cryptography.</remarks>
public sealed class KeyAlgorithm
{
    /// <summary>
    /// The verification-method <c>type</c> current DID documents use for both curves; the key itself is then the
    /// <see cref="PublicKey.ToMultikey"/> form in <c>publicKeyMultibase</c>.
    /// </summary>
    /// <remarks>Spec: atproto.com/specs/did (DID documents), atproto.com/specs/cryptography.</remarks>
    public const string MultikeyVerificationType = "Multikey";

    private KeyAlgorithm(string name, string jwtAlgorithm, ulong multicodecCode, string didDocumentSuite, CurveParameters curve)
    {
        Name = name;
        JwtAlgorithm = jwtAlgorithm;
        MulticodecCode = multicodecCode;
        DidDocumentSuite = didDocumentSuite;
        Curve = curve;
    }

    /// <summary>Gets k256: secp256k1 (note the k), JWT <c>ES256K</c>, multicodec <c>secp256k1-pub</c> (0xe7).</summary>
    public static KeyAlgorithm K256 { get; } = new("k256", "ES256K", 0xE7, "EcdsaSecp256k1VerificationKey2019", CurveParameters.Secp256k1);

    /// <summary>Gets p256: NIST P-256 / secp256r1 (note the r), JWT <c>ES256</c>, multicodec <c>p256-pub</c> (0x1200).</summary>
    public static KeyAlgorithm P256 { get; } = new("p256", "ES256", 0x1200, "EcdsaSecp256r1VerificationKey2019", CurveParameters.Secp256r1);

    /// <summary>Gets both algorithms: <see cref="K256"/> then <see cref="P256"/>.</summary>
    public static IReadOnlyList<KeyAlgorithm> All { get; } = [K256, P256];

    /// <summary>Gets the short name atproto uses: <c>k256</c> or <c>p256</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the JWT / JWS <c>alg</c> value: <c>ES256K</c> or <c>ES256</c>.</summary>
    public string JwtAlgorithm { get; }

    /// <summary>
    /// Gets the multicodec code of the compressed public key, written as an unsigned varint before the key bytes in
    /// <c>did:key</c> and multikey strings: 0xe7 (bytes <c>e7 01</c>) or 0x1200 (bytes <c>80 24</c>).
    /// </summary>
    public ulong MulticodecCode { get; }

    /// <summary>
    /// Gets the legacy DID-document verification-method type (<c>EcdsaSecp256k1VerificationKey2019</c> or
    /// <c>EcdsaSecp256r1VerificationKey2019</c>), whose <c>publicKeyMultibase</c> holds the bare compressed point
    /// without a multicodec prefix (see <see cref="PublicKey.FromLegacyMultibase"/>).
    /// </summary>
    public string DidDocumentSuite { get; }

    /// <summary>Gets the curve's parameters and point arithmetic.</summary>
    internal CurveParameters Curve { get; }

    /// <summary>Finds the algorithm with a JWT <c>alg</c> value (case-sensitive).</summary>
    /// <param name="jwtAlgorithm">The <c>alg</c> value, e.g. <c>ES256K</c>.</param>
    /// <param name="algorithm">The algorithm, or <see langword="null"/> when none matches.</param>
    /// <returns><see langword="true"/> if the value is <c>ES256K</c> or <c>ES256</c>; otherwise <see langword="false"/>.</returns>
    public static bool TryFromJwtAlgorithm(string? jwtAlgorithm, [NotNullWhen(true)] out KeyAlgorithm? algorithm) =>
        TryFind(a => a.JwtAlgorithm == jwtAlgorithm, out algorithm);

    /// <summary>Finds the algorithm with a multicodec public-key code.</summary>
    /// <param name="code">The multicodec code, e.g. 0xe7.</param>
    /// <param name="algorithm">The algorithm, or <see langword="null"/> when none matches.</param>
    /// <returns><see langword="true"/> if the code is 0xe7 or 0x1200; otherwise <see langword="false"/>.</returns>
    public static bool TryFromMulticodec(ulong code, [NotNullWhen(true)] out KeyAlgorithm? algorithm) =>
        TryFind(a => a.MulticodecCode == code, out algorithm);

    /// <summary>Finds the algorithm with a legacy DID-document verification-method type (case-sensitive).</summary>
    /// <param name="suite">The type, e.g. <c>EcdsaSecp256k1VerificationKey2019</c>.</param>
    /// <param name="algorithm">The algorithm, or <see langword="null"/> when none matches.</param>
    /// <returns><see langword="true"/> if the type is one of the two legacy suites; otherwise <see langword="false"/>.</returns>
    public static bool TryFromDidDocumentSuite(string? suite, [NotNullWhen(true)] out KeyAlgorithm? algorithm) =>
        TryFind(a => a.DidDocumentSuite == suite, out algorithm);

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns><c>k256</c> or <c>p256</c>.</returns>
    public override string ToString() => Name;

    private static bool TryFind(Func<KeyAlgorithm, bool> match, [NotNullWhen(true)] out KeyAlgorithm? algorithm)
    {
        algorithm = All.FirstOrDefault(match);
        return algorithm is not null;
    }
}
