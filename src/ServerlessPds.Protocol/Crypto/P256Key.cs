using System.Security.Cryptography;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// A NIST P-256 private key on the platform's ECDsa, whose signatures are high-S about half the time and are
/// therefore normalised to low-S after signing.
/// </summary>
internal sealed class P256Key : ICurveKey
{
    private static readonly CurveParameters Curve = CurveParameters.Secp256r1;

    private readonly ECDsa _ecdsa;
    private readonly Lock _gate = new();

    private P256Key(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        var q = ecdsa.ExportParameters(false).Q;
        CompressedPublicKey = [(byte)((q.Y![^1] & 1) == 0 ? 0x02 : 0x03), .. q.X!];
    }

    /// <inheritdoc/>
    public byte[] CompressedPublicKey { get; }

    /// <summary>Creates a key from the platform's cryptographic generator.</summary>
    public static P256Key Generate() => new(ECDsa.Create(Curve.CreateCurve()));

    /// <summary>Loads a 32-byte big-endian scalar the caller has checked to be in [1, n - 1].</summary>
    /// <exception cref="CryptographicException">The platform rejected the key.</exception>
    public static P256Key Import(ReadOnlySpan<byte> privateKey)
    {
        var d = privateKey.ToArray();
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportParameters(new ECParameters { Curve = Curve.CreateCurve(), D = d });
            return new P256Key(ecdsa);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <inheritdoc/>
    public void SignHash(ReadOnlySpan<byte> hash, Span<byte> signature)
    {
        lock (_gate)
        {
            _ecdsa.SignHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        Curve.NormalizeLowS(signature);
    }

    /// <inheritdoc/>
    public void ExportPrivateKey(Span<byte> destination)
    {
        ECParameters parameters;
        lock (_gate)
        {
            parameters = _ecdsa.ExportParameters(true);
        }

        var d = parameters.D!;
        destination.Clear();
        d.AsSpan(Math.Max(0, d.Length - destination.Length)).CopyTo(destination[Math.Max(0, destination.Length - d.Length)..]);
        CryptographicOperations.ZeroMemory(d);
    }

    /// <inheritdoc/>
    public void Dispose() => _ecdsa.Dispose();
}
