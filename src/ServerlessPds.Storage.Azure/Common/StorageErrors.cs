using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Azure;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Turns a failed service response into the typed <see cref="StorageException"/> family: reads the error code (the
/// <c>x-ms-error-code</c> header, else the body's XML <c>&lt;Code&gt;</c> or OData JSON <c>odata.error.code</c>) and the
/// first line of the service's message, and never exposes the raw body.
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/status-and-error-codes2, table-service-error-codes,
/// blob-service-error-codes; the batch error message starts with "<c>index:</c>" (performing-entity-group-transactions).</remarks>
internal static class StorageErrors
{
    /// <summary>The most bytes of an error body read to find its code and message.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>Error codes the service answers with 400 for a value, entity or body that is too large.</summary>
    private static readonly HashSet<string> SizeErrorCodes = new(StringComparer.Ordinal)
    {
        "EntityTooLarge", "PropertyValueTooLarge", "RequestBodyTooLarge",
    };

    /// <summary>Creates the exception for a response whose status is not a success.</summary>
    public static async Task<StorageException> FromResponseAsync(Response response, string operation,
        CancellationToken cancellationToken)
    {
        var (code, text) = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        return Create(response.Status, code, text, operation, failedOperationIndex: null);
    }

    /// <summary>Creates the exception for a status, code and service message.</summary>
    public static StorageException Create(int status, string? code, string? text, string operation, int? failedOperationIndex)
    {
        var described = code is null ? status.ToString(CultureInfo.InvariantCulture) : $"{status} {code}";
        var message = string.IsNullOrWhiteSpace(text) ? $"{operation} failed ({described})." : $"{operation} failed ({described}): {text}";
        if (failedOperationIndex is { } index)
        {
            message += $" [transaction operation {index}]";
        }

        return status switch
        {
            404 => new StorageNotFoundException(message, code, failedOperationIndex),
            409 => new StorageConflictException(message, code, failedOperationIndex),
            412 => new StoragePreconditionFailedException(message, code, failedOperationIndex),
            413 => new StorageEntityTooLargeException(message, status, code, failedOperationIndex),
            400 when code is not null && SizeErrorCodes.Contains(code) =>
                new StorageEntityTooLargeException(message, status, code, failedOperationIndex),
            408 or 429 or 503 or 504 when failedOperationIndex is null => new StorageUnavailableException(message, status, code),
            500 when code is "OperationTimedOut" or "ServerBusy" && failedOperationIndex is null =>
                new StorageUnavailableException(message, status, code),
            _ => new StorageException(message, status, code, failedOperationIndex),
        };
    }

    /// <summary>Reads the error code and the first line of the message from a failed response (bounded, never throws).</summary>
    public static async Task<(string? Code, string? Text)> ReadErrorAsync(Response response, CancellationToken cancellationToken)
    {
        string? code = response.Headers.TryGetValue("x-ms-error-code", out var header) && header.Length > 0 ? header : null;
        string? text = null;
        try
        {
            var body = await ReadBoundedAsync(response.ContentStream, cancellationToken).ConfigureAwait(false);
            var start = 0;
            while (start < body.Length && body[start] is 0xEF or 0xBB or 0xBF or (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
            {
                start++;
            }

            if (start < body.Length)
            {
                var (bodyCode, bodyText) = body[start] == (byte)'<' ? ParseXml(body) : ParseJson(body.AsSpan(start));
                code ??= bodyCode;
                text = bodyText;
            }
        }
        catch (Exception ex) when (ex is JsonException or XmlException or IOException or DecoderFallbackException
                                       or InvalidOperationException)
        {
            // An unreadable error body still yields the status and header code.
        }

        return (code, FirstLine(text));
    }

    /// <summary>Parses an OData JSON error: <c>{"odata.error":{"code":..,"message":{"value":..}}}</c>.</summary>
    public static (string? Code, string? Text) ParseJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        if (!document.RootElement.TryGetProperty("odata.error", out var error)
            && !document.RootElement.TryGetProperty("error", out error))
        {
            return (null, null);
        }

        string? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        string? text = null;
        if (error.TryGetProperty("message", out var m))
        {
            text = m.ValueKind switch
            {
                JsonValueKind.String => m.GetString(),
                JsonValueKind.Object when m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String => v.GetString(),
                _ => null,
            };
        }

        return (code, text);
    }

    private static (string? Code, string? Text) ParseXml(byte[] body)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxErrorBodyBytes * 2 };
        using var reader = XmlReader.Create(new MemoryStream(body), settings);
        string? code = null;
        string? text = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1)
            {
                continue;
            }

            if (reader.LocalName == "Code")
            {
                code = reader.ReadElementContentAsString();
            }
            else if (reader.LocalName == "Message")
            {
                text = reader.ReadElementContentAsString();
            }
        }

        return (code, text);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream? stream, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            return [];
        }

        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var newline = text.IndexOfAny(['\r', '\n']);
        var line = (newline < 0 ? text : text[..newline]).Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
