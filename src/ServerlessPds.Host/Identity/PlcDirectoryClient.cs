using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Identity;

/// <summary>
/// <see cref="IPlcDirectory"/> over a PLC directory's HTTP API (<c>https://plc.directory</c> in production, the
/// <c>@did-plc/server</c> runner in development and tests). Thread-safe; the <see cref="HttpClient"/> is not disposed here.
/// </summary>
/// <remarks>
/// Routes: <c>POST /:did</c> (submit), <c>GET /:did</c> (document), <c>GET /:did/log/last</c>, <c>GET /:did/log/audit</c>.
/// Errors come back as <c>{"message": …}</c>; a 4xx becomes a <see cref="PlcDirectoryException"/> with
/// <see cref="PlcDirectoryException.IsRejection"/> and the directory's message. Responses larger than
/// <see cref="MaxResponseBytes"/> are refused. Spec: web.plc.directory/spec/v0.1/did-plc.
/// </remarks>
public sealed class PlcDirectoryClient : IPlcDirectory
{
    /// <summary>The largest response body read, in bytes (an audit log of hundreds of operations fits).</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private const int MaxMessageChars = 500;

    private readonly HttpClient _httpClient;
    private readonly Uri _baseUrl;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="httpClient">The client to send requests with (its timeout applies).</param>
    /// <param name="baseUrl">The directory's absolute http(s) URL, e.g. <c>https://plc.directory</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute http(s) URL.</exception>
    public PlcDirectoryClient(HttpClient httpClient, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The PLC directory URL must be absolute http(s); got '{baseUrl}'.", nameof(baseUrl));
        }

        _httpClient = httpClient;
        _baseUrl = new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <inheritdoc/>
    public async Task SubmitAsync(Did did, PlcLogOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(operation);
        if (!operation.IsSigned)
        {
            throw new ArgumentException("Only signed operations can be submitted.", nameof(operation));
        }

        using var content = new StringContent(operation.ToJson(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Route(did, string.Empty)) { Content = content };
        _ = await SendAsync(request, $"submit an operation for {did}", notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<DidDocument?> GetDocumentAsync(Did did, CancellationToken cancellationToken = default)
    {
        var body = await GetAsync(did, string.Empty, "get the DID document", cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        var document = Read(body, did, "DID document", bytes => DidDocument.Parse(bytes.AsSpan()));
        return document.Id == did
            ? document
            : throw new PlcDirectoryException($"The PLC directory returned the document of {document.Id} for {did}.", 200);
    }

    /// <inheritdoc/>
    public async Task<PlcLogOperation?> GetLastOperationAsync(Did did, CancellationToken cancellationToken = default)
    {
        var body = await GetAsync(did, "/log/last", "get the last operation", cancellationToken).ConfigureAwait(false);
        return body is null ? null : Read(body, did, "last operation", bytes => PlcLogOperation.Parse(Encoding.UTF8.GetString(bytes)));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlcAuditEntry>> GetAuditLogAsync(Did did, CancellationToken cancellationToken = default)
    {
        var body = await GetAsync(did, "/log/audit", "get the audit log", cancellationToken).ConfigureAwait(false);
        return body is null ? [] : Read(body, did, "audit log", bytes => PlcAuditEntry.ParseLog(Encoding.UTF8.GetString(bytes)));
    }

    private static T Read<T>(byte[] body, Did did, string what, Func<byte[], T> parse)
    {
        try
        {
            return parse(body);
        }
        catch (FormatException e)
        {
            throw new PlcDirectoryException($"The PLC directory returned an invalid {what} for {did}: {e.Message}", 200, e);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new PlcDirectoryException($"The PLC directory response is larger than {MaxResponseBytes} bytes.");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new PlcDirectoryException($"The PLC directory response is larger than {MaxResponseBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static string ErrorMessage(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return Clip(message.GetString()!);
            }
        }
        catch (JsonException)
        {
        }

        return Clip(Encoding.UTF8.GetString(body));
    }

    private static string Clip(string text) => text.Length <= MaxMessageChars ? text : text[..MaxMessageChars] + "…";

    private async Task<byte[]?> GetAsync(Did did, string suffix, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        using var request = new HttpRequestMessage(HttpMethod.Get, Route(did, suffix));
        return await SendAsync(request, $"{what} of {did}", notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]?> SendAsync(HttpRequestMessage request, string what, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (notFoundIsNull && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return null;
            }

            var body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var message = ErrorMessage(body);
            throw new PlcDirectoryException(
                status is >= 400 and < 500
                    ? $"The PLC directory refused to {what} ({status}): {message}"
                    : $"The PLC directory failed to {what} ({status}): {message}",
                status);
        }
        catch (HttpRequestException e)
        {
            throw new PlcDirectoryException($"The PLC directory at {_baseUrl} could not be reached to {what}: {e.Message}", (int?)e.StatusCode, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PlcDirectoryException($"The PLC directory at {_baseUrl} timed out trying to {what}.", null, e);
        }
    }

    private Uri Route(Did did, string suffix) => new(_baseUrl, Uri.EscapeDataString(did.Value) + suffix);
}
