using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api;

/// <summary>Reading a procedure's JSON input.</summary>
public sealed partial class XrpcCall
{
    /// <summary>The media type of JSON input and output.</summary>
    public const string JsonMediaType = "application/json";

    /// <summary>
    /// The largest JSON request body a procedure accepts, in bytes (1 MiB); also the server-wide default request body
    /// limit, which methods that take blobs raise (<see cref="XrpcMethod.MaxBodyBytes"/>). The reference PDS accepts
    /// 150 KiB of JSON; we allow more so that any record within the repository's 1,000,000-byte record limit
    /// (atproto.com/specs/sync, "Commit events") can be written as JSON.
    /// </summary>
    public const int MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>Reads the JSON input into <typeparamref name="T"/> with <see cref="XrpcJson.Options"/>.</summary>
    /// <typeparam name="T">The lexicon input type.</typeparam>
    /// <returns>The input.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>InvalidRequest</c>: no or another <c>Content-Type</c>, no body, text that is not UTF-8 or not JSON, a lone
    /// surrogate, or JSON that does not fit the type; 413 <c>PayloadTooLarge</c>: over <see cref="MaxJsonBodyBytes"/>.
    /// </exception>
    public Task<T> ReadJsonAsync<T>() => ReadJsonAsync((JsonTypeInfo<T>)XrpcJson.Options.GetTypeInfo(typeof(T)));

    /// <summary>Reads the JSON input with explicit type metadata.</summary>
    /// <typeparam name="T">The lexicon input type.</typeparam>
    /// <param name="typeInfo">The type's JSON metadata.</param>
    /// <returns>The input.</returns>
    /// <exception cref="XrpcException">As <see cref="ReadJsonAsync{T}()"/>.</exception>
    public async Task<T> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        CheckJsonContentType();
        var body = await ReadBoundedAsync(MaxJsonBodyBytes);
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
            throw new XrpcException(400, XrpcErrorName.InvalidRequest, $"Invalid request body: {e.Message}", e);
        }

        return input ?? throw XrpcException.InvalidRequest("Invalid request body: expected a JSON object, got null");
    }

    private void CheckJsonContentType()
    {
        if (string.IsNullOrWhiteSpace(ContentType))
        {
            throw XrpcException.InvalidRequest("Request encoding (Content-Type) required but not provided");
        }

        if (!HttpHeaderSyntax.TryParseMediaType(ContentType, out var mediaType)
            || !string.Equals(mediaType, JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw XrpcException.InvalidRequest($"Wrong request encoding (Content-Type): {ContentType}; expected {JsonMediaType}");
        }
    }

    private static void CheckText(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw XrpcException.InvalidRequest("Invalid request body: the JSON text is not valid UTF-8");
        }

        // System.Text.Json accepts \ud800 escapes that decode to lone surrogates; records must be valid Unicode text.
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
            throw new XrpcException(400, XrpcErrorName.InvalidRequest, $"Invalid request body: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new XrpcException(400, XrpcErrorName.InvalidRequest, "Invalid request body: a JSON string is not valid Unicode text (lone surrogate)", e);
        }
    }

    private async Task<ArrayBufferWriter<byte>> ReadBoundedAsync(int maxBytes)
    {
        if (ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(ContentLength ?? 4096, maxBytes) + 1);
        while (true)
        {
            var read = await Body.ReadAsync(buffer.GetMemory(4096), Aborted);
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
        new(413, XrpcErrorName.PayloadTooLarge, $"Request body too large: the limit is {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
}
