using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>
/// A real HTTP transport that loses the response to the first try of every write (POST, PUT, MERGE, DELETE) it is
/// told to: the request reaches the service and is applied, then the client sees an <see cref="IOException"/>, so the
/// pipeline retries it (a retried insert then answers 409, a retried If-Match update 412, a retried delete 404).
/// </summary>
public sealed class LosingTransport(Func<Request, bool> shouldLose) : HttpPipelineTransport
{
    private readonly HttpClientTransport _inner = new();
    private readonly HashSet<Request> _lost = [];
    private readonly Lock _gate = new();

    public int LostCount { get; private set; }

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        await _inner.ProcessAsync(message).ConfigureAwait(false);
        if (message.Request.Method == RequestMethod.Get || !shouldLose(message.Request))
        {
            return;
        }
        lock (_gate)
        {
            if (!_lost.Add(message.Request))
            {
                return;
            }
            LostCount++;
        }
        throw new IOException("The response was lost (LosingTransport).");
    }
}
