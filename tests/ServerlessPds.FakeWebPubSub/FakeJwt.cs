using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ServerlessPds.FakeWebPubSub;

/// <summary>Checks the access-key bearer token of a REST call as the service documents it: HS256 with an access key, <c>aud</c> the request URL, not expired.</summary>
internal static class FakeJwt
{
    /// <summary>Returns <see langword="null"/> when the token is good, else why not.</summary>
    public static string? Check(string? authorization, string requestUrl, IEnumerable<string> keys, DateTimeOffset now)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "no bearer token";
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return "not a compact JWT";
        }

        JsonElement header, payload;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return "undecodable token: " + e.Message;
        }

        if (!header.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
        {
            return "alg is not HS256";
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return "undecodable signature";
        }

        if (!keys.Any(k => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(k), signed), signature)))
        {
            return "bad signature";
        }

        if (!payload.TryGetProperty("aud", out var aud) || aud.ValueKind != JsonValueKind.String || aud.GetString() != requestUrl)
        {
            return $"aud is not the request URL {requestUrl}";
        }

        if (!payload.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires) || expires <= now.ToUnixTimeSeconds())
        {
            return "expired or no exp";
        }

        return null;
    }
}
