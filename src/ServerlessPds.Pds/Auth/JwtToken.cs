namespace ServerlessPds.Pds.Auth;

/// <summary>
/// A structurally valid compact JWS whose signature is not yet checked: the header's <c>alg</c> and <c>typ</c>,
/// the claims, the signing input and the signature bytes. Made by <see cref="Jwt.Parse"/>.
/// </summary>
/// <remarks>Spec: RFC 7515 §7.1 (compact serialization).</remarks>
public sealed class JwtToken
{
    private readonly byte[] _signingInput;
    private readonly byte[] _signature;

    internal JwtToken(string algorithm, string? type, JwtClaims claims, byte[] signingInput, byte[] signature)
    {
        Algorithm = algorithm;
        Type = type;
        Claims = claims;
        _signingInput = signingInput;
        _signature = signature;
    }

    /// <summary>Gets the header's <c>alg</c>, e.g. <c>HS256</c> or <c>ES256K</c>; never <c>none</c>.</summary>
    public string Algorithm { get; }

    /// <summary>Gets the header's <c>typ</c>, e.g. <c>at+jwt</c>, or <see langword="null"/> when absent.</summary>
    public string? Type { get; }

    /// <summary>Gets the payload's claims.</summary>
    public JwtClaims Claims { get; }

    /// <summary>Gets the signed bytes: the ASCII of <c>header.payload</c> as they appeared in the token.</summary>
    public ReadOnlySpan<byte> SigningInput => _signingInput;

    /// <summary>Gets the decoded signature bytes.</summary>
    public ReadOnlySpan<byte> Signature => _signature;
}
