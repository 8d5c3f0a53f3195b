using System.Numerics;
using System.Security.Cryptography;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// The domain parameters of a short Weierstrass curve y² = x³ + ax + b over the prime field of <see cref="P"/>, with
/// the group order <see cref="N"/>, and the point arithmetic the platform's ECDsa lacks (compressed points, low-S),
/// which P-256 keys need. K-256 keys go through NBitcoin.Secp256k1 instead and use only the order here (signature
/// shape checks). Both curves have p ≡ 3 (mod 4), so a square root is one exponentiation, and cofactor 1, so every
/// point on the curve other than infinity is in the signing group.
/// </summary>
internal sealed class CurveParameters
{
    /// <summary>The length of a field element, scalar, or signature half, in bytes.</summary>
    public const int ScalarBytes = 32;

    private readonly Func<ECCurve> _createCurve;

    private CurveParameters(string p, string a, string b, string n, Func<ECCurve> createCurve)
    {
        P = Parse(p);
        A = Parse(a);
        B = Parse(b);
        N = Parse(n);
        SqrtExponent = (P + 1) / 4;
        OrderBytes = Convert.FromHexString(n);
        HalfOrderBytes = ToFixed(N / 2);
        _createCurve = createCurve;
    }

    /// <summary>Gets secp256k1 (SEC 2 section 2.4.1).</summary>
    public static CurveParameters Secp256k1 { get; } = new(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F",
        "00",
        "07",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        () => ECCurve.CreateFromFriendlyName("secP256k1"));

    /// <summary>Gets NIST P-256 / secp256r1 (SEC 2 section 2.4.2, FIPS 186-4 D.1.2.3).</summary>
    public static CurveParameters Secp256r1 { get; } = new(
        "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
        "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC",
        "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
        () => ECCurve.NamedCurves.nistP256);

    /// <summary>Gets the field prime p.</summary>
    public BigInteger P { get; }

    /// <summary>Gets the curve coefficient a.</summary>
    public BigInteger A { get; }

    /// <summary>Gets the curve coefficient b.</summary>
    public BigInteger B { get; }

    /// <summary>Gets the group order n.</summary>
    public BigInteger N { get; }

    /// <summary>Gets n as 32 big-endian bytes.</summary>
    public byte[] OrderBytes { get; }

    /// <summary>Gets floor(n / 2) as 32 big-endian bytes: the largest low-S value.</summary>
    public byte[] HalfOrderBytes { get; }

    private BigInteger SqrtExponent { get; }

    /// <summary>Creates the platform's description of the curve, for <see cref="ECDsa"/>.</summary>
    public ECCurve CreateCurve() => _createCurve();

    /// <summary>Checks that a big-endian 32-byte scalar lies in [1, n - 1].</summary>
    public bool IsValidScalar(ReadOnlySpan<byte> scalar) =>
        scalar.Length == ScalarBytes && scalar.IndexOfAnyExcept((byte)0) >= 0 && scalar.SequenceCompareTo(OrderBytes) < 0;

    /// <summary>Checks that big-endian 32-byte coordinates are field elements and satisfy the curve equation.</summary>
    public bool IsOnCurve(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var xi = ToInteger(x);
        var yi = ToInteger(y);
        return xi < P && yi < P && BigInteger.Remainder(yi * yi, P) == RightHandSide(xi);
    }

    /// <summary>
    /// Recovers y from x and the parity of y (SEC 1 section 2.3.4). Returns false when x is not a field element or
    /// x³ + ax + b has no square root (no point has that x).
    /// </summary>
    public bool TryDecompress(ReadOnlySpan<byte> x, bool yIsOdd, Span<byte> y)
    {
        var xi = ToInteger(x);
        if (xi >= P)
        {
            return false;
        }

        var rhs = RightHandSide(xi);
        var root = BigInteger.ModPow(rhs, SqrtExponent, P);
        if (BigInteger.Remainder(root * root, P) != rhs)
        {
            return false;
        }

        if (!root.IsEven != yIsOdd)
        {
            root = P - root; // root is not 0 here: no point of these curves has y = 0
        }

        WriteFixed(root, y);
        return true;
    }

    /// <summary>Replaces s by n - s in a 64-byte r‖s signature whose s is above n / 2.</summary>
    /// <returns><see langword="true"/> if s was changed.</returns>
    public bool NormalizeLowS(Span<byte> signature)
    {
        var s = signature.Slice(ScalarBytes, ScalarBytes);
        if (s.SequenceCompareTo(HalfOrderBytes) <= 0)
        {
            return false;
        }

        WriteFixed(N - ToInteger(s), s);
        return true;
    }

    /// <summary>Reads a big-endian unsigned integer.</summary>
    public static BigInteger ToInteger(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static BigInteger Parse(string hex) => ToInteger(Convert.FromHexString(hex));

    private static byte[] ToFixed(BigInteger value)
    {
        var bytes = new byte[ScalarBytes];
        WriteFixed(value, bytes);
        return bytes;
    }

    private static void WriteFixed(BigInteger value, Span<byte> destination)
    {
        var count = value.GetByteCount(isUnsigned: true);
        destination.Clear();
        value.TryWriteBytes(destination[(destination.Length - count)..], out _, isUnsigned: true, isBigEndian: true);
    }

    private BigInteger RightHandSide(BigInteger x) => BigInteger.Remainder((((x * x) + A) * x) + B, P);
}
