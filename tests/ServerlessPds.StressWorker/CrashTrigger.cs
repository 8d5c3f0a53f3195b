namespace ServerlessPds.StressWorker;

/// <summary>Kills the process the <paramref name="count"/>-th time <paramref name="step"/> is reached (never when <paramref name="step"/> is null).</summary>
internal sealed class CrashTrigger(CrashStep? step, int count)
{
    private int _hits;

    public void Reached(CrashStep candidate)
    {
        if (step == candidate && Interlocked.Increment(ref _hits) == count)
        {
            Die(candidate);
        }
    }

    /// <summary>Returns true (once) when the <paramref name="candidate"/> step is due, without dying yet.</summary>
    public bool Due(CrashStep candidate) => step == candidate && Interlocked.Increment(ref _hits) == count;

    public static void Die(CrashStep at)
    {
        Console.Out.Flush();
        Environment.FailFast($"stress worker: simulated crash at {at}");
    }
}
