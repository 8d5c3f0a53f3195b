using System.Security.Cryptography;
using System.Text;

namespace ServerlessPds.WebPubSub.Azure;

/// <summary>
/// The upstream request signature: <c>ce-signature: sha256=HEX,sha256=HEX</c>, one value per access key (primary,
/// secondary), each the lower-case hex HMAC-SHA256 of the connection id keyed with the access key's UTF-8 bytes.
/// </summary>
/// <remarks>learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events ("signature" attribute).</remarks>
public static class WebPubSubSignature
{
    /// <summary>Computes one signature value.</summary>
    /// <param name="accessKey">The access key.</param>
    /// <param name="connectionId">The connection id.</param>
    /// <returns><c>sha256=</c> followed by 64 lower-case hex digits.</returns>
    public static string Compute(string accessKey, string connectionId) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(connectionId)));

    /// <summary>Tells whether a <c>ce-signature</c> header holds the signature of any of the keys (compared in fixed time).</summary>
    /// <param name="header">The header value, or <see langword="null"/> when absent.</param>
    /// <param name="connectionId">The <c>ce-connectionId</c>.</param>
    /// <param name="accessKeys">The keys.</param>
    /// <returns><see langword="true"/> when one matches.</returns>
    public static bool Matches(string? header, string connectionId, IEnumerable<string> accessKeys)
    {
        ArgumentNullException.ThrowIfNull(accessKeys);
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var given = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return accessKeys.Any(key =>
        {
            var expected = Encoding.ASCII.GetBytes(Compute(key, connectionId));
            return given.Any(value => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(value.ToLowerInvariant())));
        });
    }
}
