using System.Net.Http.Headers;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// <see cref="IXrpcUpstream"/> on <see cref="ProxyHttpClient"/>: HTTP/1.1, the SSRF-guarded connect, no redirects, no
/// decompression; transport failures become <see cref="UpstreamUnreachableException"/>.
/// </summary>
/// <param name="http">The outbound client.</param>
public sealed class HttpXrpcUpstream(ProxyHttpClient http) : IXrpcUpstream
{
    private const int BufferBytes = 64 * 1024;

    /// <inheritdoc />
    public async Task<XrpcUpstreamResponse> SendAsync(XrpcUpstreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Uri) { Version = System.Net.HttpVersion.Version11 };
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.BearerToken);
        if (request.Body is not null)
        {
            message.Content = new StreamContent(request.Body, BufferBytes);
            foreach (var (name, value) in request.ContentHeaders ?? [])
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            return new Response(await http.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            throw new UpstreamUnreachableException(e.Message, e);
        }
    }

    private sealed class Response(HttpResponseMessage message) : XrpcUpstreamResponse
    {
        public override int Status => (int)message.StatusCode;

        public override long? ContentLength => message.Content.Headers.ContentLength;

        public override string? ContentType => message.Content.Headers.ContentType?.ToString();

        public override string? MediaType => message.Content.Headers.ContentType?.MediaType;

        public override IReadOnlyList<string> ContentEncoding => [.. message.Content.Headers.ContentEncoding];

        public override IReadOnlyList<string>? Header(string name) =>
            message.Headers.TryGetValues(name, out var values) || message.Content.Headers.TryGetValues(name, out values) ? [.. values] : null;

        public override async Task<Stream> OpenBodyAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await message.Content.ReadAsStreamAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new UpstreamUnreachableException(e.Message, e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                message.Dispose();
            }
        }
    }
}
