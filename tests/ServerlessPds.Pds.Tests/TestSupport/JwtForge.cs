using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Pds.Tests.TestSupport;

/// <summary>Builds arbitrary (possibly hostile) compact JWTs, validly signed or not.</summary>
public static class JwtForge
{
    public static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static string Hs256(byte[] secret, string headerJson, string payloadJson)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    public static string Signed(SigningKey key, string headerJson, string payloadJson)
    {
        var input = B64(headerJson) + "." + B64(payloadJson);
        return input + "." + Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>Replaces the payload of a token, keeping its header and signature.</summary>
    public static string WithPayload(string token, string payloadJson)
    {
        var parts = token.Split('.');
        return parts[0] + "." + B64(payloadJson) + "." + parts[2];
    }

    public static string DecodePart(string token, int index) =>
        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[index]));
}
