using System.Text.Json;

namespace ServerlessPds.Pds.Api;

/// <summary>
/// A handler's successful response, for any host to send: status, headers, content type and a body writer. JSON output
/// is serialised before the host starts the response, so a serialisation failure is still an error response.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints" (JSON output is <c>application/json</c>).</remarks>
public sealed class XrpcResult
{
    /// <summary>The <c>Content-Type</c> of JSON output.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    private XrpcResult(
        int status, string? contentType, long? contentLength, Func<Stream, CancellationToken, Task>? writeBody, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Status = status;
        ContentType = contentType;
        ContentLength = contentLength;
        WriteBody = writeBody;
        Headers = headers;
    }

    /// <summary>The HTTP status: 200, or 206 for a byte range.</summary>
    public int Status { get; }

    /// <summary>The <c>Content-Type</c>, or <see langword="null"/> when there is no body.</summary>
    public string? ContentType { get; }

    /// <summary>The body length in bytes when known in advance, else <see langword="null"/> (chunked).</summary>
    public long? ContentLength { get; }

    /// <summary>Writes the body to the response stream, or <see langword="null"/> for no body.</summary>
    public Func<Stream, CancellationToken, Task>? WriteBody { get; }

    /// <summary>Response headers besides <c>Content-Type</c> and <c>Content-Length</c> (e.g. <c>Cache-Control</c>, <c>Content-Range</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>A 200 with no body (a procedure without output).</summary>
    /// <returns>The result.</returns>
    public static XrpcResult Empty() => new(200, null, null, null, []);

    /// <summary>A 200 with JSON output, serialised now with <see cref="XrpcJson.Options"/>.</summary>
    /// <typeparam name="T">The lexicon output type.</typeparam>
    /// <param name="output">The output.</param>
    /// <returns>The result.</returns>
    public static XrpcResult Json<T>(T output)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(output, XrpcJson.Options);
        return Bytes(JsonContentType, bytes);
    }

    /// <summary>A 200 with bytes of a given media type.</summary>
    /// <param name="contentType">The <c>Content-Type</c>.</param>
    /// <param name="body">The body.</param>
    /// <returns>The result.</returns>
    public static XrpcResult Bytes(string contentType, ReadOnlyMemory<byte> body) =>
        new(200, contentType, body.Length, (stream, cancellationToken) => stream.WriteAsync(body, cancellationToken).AsTask(), []);

    /// <summary>A 200 whose body is written as it is produced (a CAR export, a blob).</summary>
    /// <param name="contentType">The <c>Content-Type</c>.</param>
    /// <param name="writeBody">Writes the body; it may fail only before its first write to keep the error an XRPC error.</param>
    /// <param name="contentLength">The length when known, in bytes.</param>
    /// <returns>The result.</returns>
    public static XrpcResult Stream(string contentType, Func<Stream, CancellationToken, Task> writeBody, long? contentLength = null) =>
        new(200, contentType, contentLength, writeBody, []);

    /// <summary>A response passed on from elsewhere (a proxied service): its status and headers as given, and a body writer.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="headers">Every header, <c>Content-Type</c> and <c>Content-Length</c> included.</param>
    /// <param name="writeBody">Writes the body, or <see langword="null"/> for none (e.g. HEAD).</param>
    /// <returns>The result.</returns>
    public static XrpcResult Relayed(int status, IReadOnlyList<KeyValuePair<string, string>> headers, Func<Stream, CancellationToken, Task>? writeBody) =>
        new(status, null, null, writeBody, headers);

    /// <summary>A copy with another status (e.g. 206 Partial Content).</summary>
    /// <param name="status">The HTTP status.</param>
    /// <returns>The result.</returns>
    public XrpcResult WithStatus(int status) => new(status, ContentType, ContentLength, WriteBody, Headers);

    /// <summary>A copy with one more header.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The result.</returns>
    public XrpcResult WithHeader(string name, string value) => new(Status, ContentType, ContentLength, WriteBody, [.. Headers, new(name, value)]);
}
