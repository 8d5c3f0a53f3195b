using System.Text.Json;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// The payload of a parsed JWT with the registered and atproto claims type-checked: each is absent or has the right
/// JSON type (strings for <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>jti</c>, <c>scope</c>, <c>lxm</c>; numbers for
/// <c>exp</c>, <c>iat</c>, <c>nbf</c>). Presence and values are checked by whoever consumes the token.
/// </summary>
/// <remarks>Spec: RFC 7519 §4.1; atproto.com/specs/xrpc (inter-service authentication: <c>lxm</c>).</remarks>
public sealed class JwtClaims
{
    private readonly JsonElement _payload;

    internal JwtClaims(JsonElement payload)
    {
        _payload = payload;
        Issuer = ReadString("iss");
        Subject = ReadString("sub");
        Audience = ReadString("aud");
        Id = ReadString("jti");
        Scope = ReadString("scope");
        Lxm = ReadString("lxm");
        ExpiresAt = ReadTime("exp");
        IssuedAt = ReadTime("iat");
        NotBefore = ReadTime("nbf");
    }

    /// <summary>Gets <c>iss</c>, the issuer, or <see langword="null"/>.</summary>
    public string? Issuer { get; }

    /// <summary>Gets <c>sub</c>, the subject (for session tokens the account DID), or <see langword="null"/>.</summary>
    public string? Subject { get; }

    /// <summary>Gets <c>aud</c>, the audience, or <see langword="null"/>. An array audience is rejected at parse time.</summary>
    public string? Audience { get; }

    /// <summary>Gets <c>jti</c>, the token id, or <see langword="null"/>.</summary>
    public string? Id { get; }

    /// <summary>Gets <c>scope</c>, or <see langword="null"/>.</summary>
    public string? Scope { get; }

    /// <summary>Gets <c>lxm</c>, the lexicon method a service-auth token is bound to, or <see langword="null"/>.</summary>
    public string? Lxm { get; }

    /// <summary>Gets <c>exp</c> in Unix seconds, or <see langword="null"/>.</summary>
    public long? ExpiresAt { get; }

    /// <summary>Gets <c>iat</c> in Unix seconds, or <see langword="null"/>.</summary>
    public long? IssuedAt { get; }

    /// <summary>Gets <c>nbf</c> in Unix seconds, or <see langword="null"/>.</summary>
    public long? NotBefore { get; }

    /// <summary>Tells whether the payload has a claim, whatever its value.</summary>
    /// <param name="name">The claim name, e.g. <c>cnf</c>.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool Contains(string name) => _payload.TryGetProperty(name, out _);

    private string? ReadString(string name)
    {
        if (!_payload.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new JwtException(JwtError.Malformed, $"The '{name}' claim must be a string.");
    }

    private long? ReadTime(string name)
    {
        if (!_payload.TryGetProperty(name, out var value))
        {
            return null;
        }
        // NumericDate (RFC 7519 §2): seconds, possibly fractional; kept to whole seconds. The range check keeps
        // DateTimeOffset conversions safe.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || seconds > 253_402_300_799)
        {
            throw new JwtException(JwtError.Malformed, $"The '{name}' claim must be a NumericDate.");
        }
        return (long)Math.Floor(seconds);
    }
}
