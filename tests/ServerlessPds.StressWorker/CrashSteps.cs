namespace ServerlessPds.StressWorker;

/// <summary>The command-line names of <see cref="CrashStep"/>s and the process-wide crash trigger.</summary>
internal static class CrashSteps
{
    private static readonly Dictionary<string, CrashStep> Names = new(StringComparer.Ordinal)
    {
        ["before-blocks"] = CrashStep.BeforeBlocks,
        ["after-blocks"] = CrashStep.AfterBlocks,
        ["after-head"] = CrashStep.AfterHead,
        ["after-event"] = CrashStep.AfterEvent,
        ["during-sequencing"] = CrashStep.DuringSequencing,
    };

    public static IReadOnlyCollection<string> All => Names.Keys;

    public static CrashStep Parse(string name) =>
        Names.TryGetValue(name, out var step) ? step : throw new ArgumentException($"Unknown crash step '{name}'; use one of {string.Join(", ", Names.Keys)}.");
}
