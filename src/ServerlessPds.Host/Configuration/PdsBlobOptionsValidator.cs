using Microsoft.Extensions.Options;

namespace ServerlessPds.Host.Configuration;

/// <summary>Checks <see cref="PdsOptions.Blobs"/> at start-up: both durations must be positive.</summary>
internal sealed class PdsBlobOptionsValidator : IValidateOptions<PdsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PdsOptions options)
    {
        var failures = new List<string>();
        if (options.Blobs.GcInterval <= TimeSpan.Zero)
        {
            failures.Add($"Pds__Blobs__GcInterval is {options.Blobs.GcInterval}: give the time between blob garbage collection sweeps, e.g. 00:10:00.");
        }

        if (options.Blobs.GcGracePeriod <= TimeSpan.Zero)
        {
            failures.Add($"Pds__Blobs__GcGracePeriod is {options.Blobs.GcGracePeriod}: give how long unreferenced blobs are kept, e.g. 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
