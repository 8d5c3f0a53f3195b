using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.WebPubSub.Azure;

/// <summary>
/// Authorizes each REST request with an access-key token: <c>Authorization: Bearer</c> a JWT signed HS256 with the
/// access key (its UTF-8 bytes), <c>aud</c> the request's full URL, <c>iat</c> now and <c>exp</c> one hour later.
/// </summary>
/// <remarks>learn.microsoft.com/azure/azure-web-pubsub/reference-rest-api-data-plane ("Authenticate via Azure Web PubSub Service AccessKey").</remarks>
/// <param name="accessKey">The access key.</param>
/// <param name="time">The clock.</param>
internal sealed class WebPubSubAccessKeyPolicy(string accessKey, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    private static readonly byte[] Header = Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
    private readonly byte[] _key = Encoding.UTF8.GetBytes(accessKey);

    /// <inheritdoc/>
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + Token(message.Request.Uri.ToString()));
    }

    /// <summary>Builds the token for one request URL.</summary>
    /// <param name="audience">The request's full URL, query included.</param>
    /// <returns>The compact JWT.</returns>
    internal string Token(string audience)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["aud"] = audience, ["iat"] = now, ["exp"] = now + 3600 });
        var signed = Encoding.ASCII.GetString(Header) + "." + Encoding.ASCII.GetString(Encode(payload));
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));
        return signed + "." + Encoding.ASCII.GetString(Encode(signature));
    }

    private static byte[] Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToUtf8(bytes);
}
