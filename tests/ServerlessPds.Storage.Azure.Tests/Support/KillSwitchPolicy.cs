using Azure.Core;
using Azure.Core.Pipeline;
using ServerlessPds.Pds.Tests.Repo;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>
/// Simulates a process crash at one storage request: request number <see cref="KillAt"/> (1-based) throws
/// <see cref="SimulatedCrashException"/>, before it is sent or, with <see cref="AfterSend"/>, after storage answered it;
/// every later request throws too (the process is dead). Add it per call, so that retries never see the crash.
/// </summary>
internal sealed class KillSwitchPolicy : HttpPipelinePolicy
{
    private int _count;

    public int KillAt { get; init; } = int.MaxValue;

    public bool AfterSend { get; init; }

    public int Requests => Volatile.Read(ref _count);

    public List<string> Log { get; } = [];

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var n = Interlocked.Increment(ref _count);
        lock (Log)
        {
            Log.Add($"{message.Request.Method} {message.Request.Uri.Path}");
        }

        if (n > KillAt || (n == KillAt && !AfterSend))
        {
            throw new SimulatedCrashException($"crash before request {n}");
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (n == KillAt)
        {
            throw new SimulatedCrashException($"crash after request {n}");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
