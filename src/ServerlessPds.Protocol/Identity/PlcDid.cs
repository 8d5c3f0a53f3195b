using System.Security.Cryptography;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// Derives and checks <c>did:plc</c> identifiers: <c>did:plc:</c> followed by the first 24 characters of the
/// lower-case base32 SHA-256 of the signed genesis operation's DAG-CBOR.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("Creation of DID").</remarks>
public static class PlcDid
{
    /// <summary>The prefix of every <c>did:plc</c>.</summary>
    public const string Prefix = "did:plc:";

    /// <summary>The length of the identifier after <see cref="Prefix"/>, in base32 characters. Spec: web.plc.directory/spec/v0.1/did-plc.</summary>
    public const int IdentifierLength = 24;

    /// <summary>Computes the DID that a signed genesis operation creates.</summary>
    /// <param name="signedGenesis">The signed operation with <c>prev: null</c>.</param>
    /// <returns><c>did:plc:</c> and 24 base32 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signedGenesis"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The operation is not signed or has a <c>prev</c>.</exception>
    public static Did FromGenesis(PlcOperation signedGenesis)
    {
        ArgumentNullException.ThrowIfNull(signedGenesis);
        if (!signedGenesis.IsSigned || signedGenesis.Prev is not null)
        {
            throw new ArgumentException("A did:plc comes from a signed genesis operation (prev: null).", nameof(signedGenesis));
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(signedGenesis.ToDagCbor(), hash);
        return Did.Parse(Prefix + Base32.EncodeLower(hash)[..IdentifierLength]);
    }

    /// <summary>Tells whether a DID has the <c>did:plc</c> form: the prefix and 24 characters of <c>a-z2-7</c>.</summary>
    /// <param name="did">The DID.</param>
    /// <returns><see langword="true"/> if it is a well-formed <c>did:plc</c>; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    public static bool IsPlc(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        var value = did.Value;
        if (value.Length != Prefix.Length + IdentifierLength || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value.AsSpan(Prefix.Length))
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return true;
    }
}
