using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// Strict compact JWS (JWT) encoding and parsing, shared by the HS256 session tokens (<see cref="SessionTokens"/>)
/// and the ES256K/ES256 service-auth tokens (<see cref="ServiceJwt"/>). Parsing accepts exactly three canonical
/// unpadded base64url parts, JSON objects without duplicate names, a string <c>alg</c> other than <c>none</c>, no
/// <c>crit</c> extensions, a string <c>typ</c> if any, a non-empty signature and at most <see cref="MaxLength"/>
/// characters. Which algorithm and type are acceptable is decided by the caller, never by the token.
/// </summary>
/// <remarks>Spec: RFC 7515 (JWS), RFC 7519 (JWT), RFC 8725 (JWT best current practices).</remarks>
public static class Jwt
{
    /// <summary>The longest token accepted, in characters; longer input is rejected before any decoding.</summary>
    public const int MaxLength = 8192;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    // The JSON is base64url-wrapped, never embedded in HTML: keep '+' in "at+jwt" literal.
    private static readonly JsonWriterOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the signing input <c>base64url(header).base64url(payload)</c>.</summary>
    /// <param name="algorithm">The <c>alg</c> header value.</param>
    /// <param name="type">The <c>typ</c> header value.</param>
    /// <param name="writeClaims">Writes the payload's properties (the writer is inside the payload object).</param>
    /// <returns>The signing input, ASCII.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string CreateSigningInput(string algorithm, string type, Action<Utf8JsonWriter> writeClaims)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(writeClaims);
        var header = WriteObject(w =>
        {
            w.WriteString("typ", type);
            w.WriteString("alg", algorithm);
        });
        return Base64UrlStrict.Encode(header) + "." + Base64UrlStrict.Encode(WriteObject(writeClaims));
    }

    /// <summary>Appends a signature to a signing input.</summary>
    /// <param name="signingInput">The output of <see cref="CreateSigningInput"/>.</param>
    /// <param name="signature">The signature bytes.</param>
    /// <returns>The compact token <c>header.payload.signature</c>.</returns>
    public static string Assemble(string signingInput, ReadOnlySpan<byte> signature) =>
        signingInput + "." + Base64UrlStrict.Encode(signature);

    /// <summary>Parses a compact JWS strictly (see <see cref="Jwt"/>) without checking the signature.</summary>
    /// <param name="token">The token text.</param>
    /// <returns>The parsed token.</returns>
    /// <exception cref="JwtException">
    /// <see cref="JwtError.Malformed"/> for any structural fault; <see cref="JwtError.UnsupportedAlgorithm"/> for
    /// <c>alg</c> <c>none</c> (in any letter case).
    /// </exception>
    public static JwtToken Parse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            throw Malformed("The token is empty or too long.");
        }
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            throw Malformed("A JWT has exactly three non-empty dot-separated parts.");
        }
        var headerJson = Decode(token.AsSpan(0, first), "header");
        var payloadJson = Decode(token.AsSpan(first + 1, second - first - 1), "payload");
        var signature = Decode(token.AsSpan(second + 1), "signature");

        var header = ReadObject(headerJson, "header");
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(alg.GetString()))
        {
            throw Malformed("The header has no string 'alg'.");
        }
        var algorithm = alg.GetString()!;
        if (algorithm.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            throw new JwtException(JwtError.UnsupportedAlgorithm, "Unsigned tokens (alg none) are never accepted.");
        }
        if (header.TryGetProperty("crit", out _))
        {
            throw Malformed("The header lists critical extensions, which are not supported.");
        }
        string? type = null;
        if (header.TryGetProperty("typ", out var typ))
        {
            type = typ.ValueKind == JsonValueKind.String ? typ.GetString() : throw Malformed("The header's 'typ' is not a string.");
        }
        var claims = new JwtClaims(ReadObject(payloadJson, "payload"));
        return new JwtToken(algorithm, type, claims, Encoding.ASCII.GetBytes(token[..second]), signature);
    }

    /// <summary>Checks <c>exp</c> (required), <c>nbf</c> and <c>iat</c> (when present) against the clock.</summary>
    /// <param name="claims">The claims.</param>
    /// <param name="now">The current time.</param>
    /// <param name="clockSkew">How far clocks may disagree; at most a few minutes.</param>
    /// <param name="allowExpired">When <see langword="true"/>, a passed <c>exp</c> is accepted (it must still be present).</param>
    /// <exception cref="JwtException">
    /// <see cref="JwtError.Malformed"/> without <c>exp</c>; <see cref="JwtError.Expired"/> when now &gt; exp + skew;
    /// <see cref="JwtError.NotYetValid"/> when nbf or iat &gt; now + skew.
    /// </exception>
    public static void ValidateTimes(JwtClaims claims, DateTimeOffset now, TimeSpan clockSkew, bool allowExpired = false)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var seconds = now.ToUnixTimeSeconds();
        var skew = (long)clockSkew.TotalSeconds;
        if (claims.ExpiresAt is not { } exp)
        {
            throw Malformed("The token has no 'exp'.");
        }
        if (!allowExpired && seconds > exp + skew)
        {
            throw new JwtException(JwtError.Expired, "The token has expired.");
        }
        if (claims.NotBefore is { } nbf && nbf > seconds + skew)
        {
            throw new JwtException(JwtError.NotYetValid, "The token is not valid yet.");
        }
        if (claims.IssuedAt is { } iat && iat > seconds + skew)
        {
            throw new JwtException(JwtError.NotYetValid, "The token was issued in the future.");
        }
    }

    private static byte[] Decode(ReadOnlySpan<char> part, string name) =>
        Base64UrlStrict.TryDecode(part, out var bytes) ? bytes : throw Malformed($"The {name} is not canonical unpadded base64url.");

    private static JsonElement ReadObject(byte[] json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json, ParseOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"The {name} is not a JSON object.");
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Malformed($"The {name} repeats the member '{property.Name}'.");
                }
            }
            return root.Clone();
        }
        catch (JsonException e)
        {
            throw new JwtException(JwtError.Malformed, $"The {name} is not valid JSON.", e);
        }
    }

    private static byte[] WriteObject(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static JwtException Malformed(string message) => new(JwtError.Malformed, message);
}
