using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>
/// Loses the answer of the first <paramref name="times"/> requests that <paramref name="match"/> selects: storage
/// applies them, then the client sees an <see cref="IOException"/> and its retry policy sends them again (each request
/// loses at most one answer, so its retry gets through). Add it per retry.
/// </summary>
public sealed class LoseAnswerPolicy(Func<HttpMessage, bool> match, int times = 1) : HttpPipelinePolicy
{
    private readonly HashSet<HttpMessage> _seen = [];
    private readonly int _times = times;
    private int _remaining = times;

    public int Lost => _times - Math.Max(0, Volatile.Read(ref _remaining));

    public static bool IsBatch(HttpMessage message) => message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        bool first;
        lock (_seen)
        {
            first = _seen.Add(message);
        }

        if (first && match(message) && message.Response.Status is >= 200 and < 300 && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new IOException("The answer was lost (test).");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
