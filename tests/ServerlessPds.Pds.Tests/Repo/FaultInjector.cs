namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>
/// Counts port calls and simulates a process crash at one of them: the call at step <see cref="CrashAtStep"/> throws
/// <see cref="SimulatedCrashException"/>, either before reaching storage or after storage applied it (the reply lost).
/// </summary>
internal sealed class FaultInjector
{
    private int _steps;

    public int CrashAtStep { get; init; } = int.MaxValue;

    public bool AfterCall { get; init; }

    public int Steps => Volatile.Read(ref _steps);

    public List<string> Calls { get; } = [];

    public async Task<T> RunAsync<T>(string name, Func<Task<T>> call)
    {
        var step = Interlocked.Increment(ref _steps);
        lock (Calls)
        {
            Calls.Add(name);
        }

        if (step == CrashAtStep && !AfterCall)
        {
            throw new SimulatedCrashException($"crash before {name} (step {step})");
        }

        var result = await call();
        return step == CrashAtStep ? throw new SimulatedCrashException($"crash after {name} (step {step})") : result;
    }

    public Task RunAsync(string name, Func<Task> call) => RunAsync(name, async () =>
    {
        await call();
        return true;
    });
}

internal sealed class SimulatedCrashException(string message) : Exception(message);
