using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Benchmarks.Engine;

/// <summary>Counts storage requests as sent (added per retry, so every round trip counts, retries included).</summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _requests);
        return ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _requests);
        ProcessNext(message, pipeline);
    }
}
