using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>
/// An <see cref="HttpPipelineTransport"/> that answers from a script instead of the network and records every try.
/// The script gets the 1-based attempt number and the request as sent (method, URI, headers).
/// </summary>
public sealed class ScriptedTransport : HttpPipelineTransport
{
    private readonly HttpClientTransport _inner;

    public ScriptedTransport(Func<int, HttpRequestMessage, HttpResponseMessage> script)
    {
        _inner = new HttpClientTransport(new HttpClient(new ScriptHandler(this, script)));
    }

    public List<RecordedRequest> Requests { get; } = [];

    public static HttpResponseMessage Status(HttpStatusCode status, string? errorCode = null)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        if (errorCode is not null)
        {
            response.Headers.TryAddWithoutValidation("x-ms-error-code", errorCode);
        }

        return response;
    }

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message) => _inner.Process(message);

    public override ValueTask ProcessAsync(HttpMessage message) => _inner.ProcessAsync(message);

    public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);

    private sealed class ScriptHandler(ScriptedTransport owner, Func<int, HttpRequestMessage, HttpResponseMessage> script) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            int attempt;
            lock (owner.Requests)
            {
                owner.Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers));
                attempt = owner.Requests.Count;
            }

            return Task.FromResult(script(attempt, request));
        }
    }
}
