using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;
using ServerlessPds.Pds.Api;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Reads the JSON input of an XRPC procedure: checks <c>Content-Type: application/json</c>, enforces
/// <see cref="XrpcCall.MaxJsonBodyBytes"/>, and deserializes with <see cref="XrpcJson.Options"/> (unknown fields
/// ignored; wrong types, missing required fields or <c>null</c> for non-nullable members rejected).
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints" (procedure input encoding).</remarks>
public static class XrpcBody
{
    /// <summary>The media type of JSON bodies.</summary>
    public const string JsonMediaType = "application/json";

    /// <summary>Reads and deserializes the JSON body with <see cref="XrpcJson.Options"/> (reflection metadata for <typeparamref name="T"/>).</summary>
    /// <typeparam name="T">The input type, e.g. a lexicon <c>...Input</c> record.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The input.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> for a missing or wrong content type, an empty body, text that is not UTF-8
    /// or holds a lone surrogate escape, or JSON that does not fit
    /// <typeparamref name="T"/>; 413 <c>PayloadTooLarge</c> for a body over <see cref="XrpcCall.MaxJsonBodyBytes"/>.</exception>
    public static Task<T> ReadJsonAsync<T>(this HttpRequest request, CancellationToken cancellationToken = default) =>
        ReadJsonAsync(request, (JsonTypeInfo<T>)XrpcJson.Options.GetTypeInfo(typeof(T)), cancellationToken);

    /// <summary>Reads and deserializes the JSON body with the given (e.g. source-generated) metadata.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="typeInfo">The JSON metadata of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The input.</returns>
    /// <exception cref="XrpcException">As <see cref="ReadJsonAsync{T}(HttpRequest, CancellationToken)"/>.</exception>
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        CheckContentType(request);
        var body = await ReadBoundedAsync(request, XrpcCall.MaxJsonBodyBytes, cancellationToken);
        if (body.WrittenCount == 0)
        {
            throw XrpcException.InvalidRequest("A request body is expected but none was provided");
        }

        CheckText(body.WrittenSpan);
        T? input;
        try
        {
            input = JsonSerializer.Deserialize(body.WrittenSpan, typeInfo);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new XrpcException(StatusCodes.Status400BadRequest, XrpcErrorName.InvalidRequest, $"Invalid request body: {e.Message}", e);
        }

        return input ?? throw XrpcException.InvalidRequest("Invalid request body: expected a JSON object, got null");
    }

    /// <summary>
    /// Refuses JSON whose strings are not Unicode text: bytes that are not UTF-8, and escapes that decode to a lone
    /// surrogate (<c>"\ud800"</c>). <see cref="JsonElement"/> members keep such strings undecoded, and reading them later
    /// (e.g. a record value) would fail deep inside a write.
    /// </summary>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>.</exception>
    private static void CheckText(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw XrpcException.InvalidRequest("Invalid request body: the JSON text is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (JsonException e)
        {
            throw new XrpcException(StatusCodes.Status400BadRequest, XrpcErrorName.InvalidRequest, $"Invalid request body: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new XrpcException(StatusCodes.Status400BadRequest, XrpcErrorName.InvalidRequest, "Invalid request body: a JSON string is not valid Unicode text (lone surrogate)", e);
        }
    }

    private static void CheckContentType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw XrpcException.InvalidRequest("Request encoding (Content-Type) required but not provided");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw XrpcException.InvalidRequest($"Wrong request encoding (Content-Type): {contentType}; expected {JsonMediaType}");
        }
    }

    private static async Task<ArrayBufferWriter<byte>> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
    }

    private static XrpcException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, XrpcErrorName.PayloadTooLarge, $"Request body too large: the limit is {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
}
