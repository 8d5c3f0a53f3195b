using System.Text.RegularExpressions;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// The tables and blob containers the repo engine's storage uses (docs/architecture.md, "Storage layout"):
/// <c>repos</c>, <c>events</c> and <c>pending</c> tables, <c>blocks</c>, <c>events</c> and <c>snapshots</c> containers.
/// </summary>
/// <remarks>Several PDS instances (or test runs) can share one account by giving each a <see cref="WithPrefix"/>.</remarks>
public sealed partial record AzureRepoStorageNames
{
    /// <summary>Gets the default names.</summary>
    public static AzureRepoStorageNames Default { get; } = new();

    /// <summary>Gets the table of repo heads, blocks, record index rows and outboxes. Default <c>repos</c>.</summary>
    public string ReposTable { get; init; } = "repos";

    /// <summary>Gets the table of the event log (counter, events, dedupe rows). Default <c>events</c>.</summary>
    public string EventsTable { get; init; } = "events";

    /// <summary>Gets the table of pending markers. Default <c>pending</c>.</summary>
    public string PendingTable { get; init; } = "pending";

    /// <summary>Gets the container of blocks too large for a row. Default <c>blocks</c>.</summary>
    public string BlocksContainer { get; init; } = "blocks";

    /// <summary>Gets the container of event bodies too large for a row. Default <c>events</c>.</summary>
    public string EventsContainer { get; init; } = "events";

    /// <summary>Gets the container of repo CAR snapshots, one blob per DID (docs/architecture.md, "Sync reads"). Default <c>snapshots</c>.</summary>
    public string SnapshotsContainer { get; init; } = "snapshots";

    /// <summary>Returns the default names with <paramref name="prefix"/> in front of each (containers as <c>prefix-name</c>).</summary>
    /// <param name="prefix">1 to 20 lowercase ASCII letters and digits, starting with a letter.</param>
    /// <returns>The names.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not 1-20 lowercase letters and digits starting with a letter.</exception>
    public static AzureRepoStorageNames WithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException($"Invalid prefix '{prefix}': use 1-20 lowercase ASCII letters and digits, starting with a letter.", nameof(prefix));
        }

        return new AzureRepoStorageNames
        {
            ReposTable = prefix + "repos",
            EventsTable = prefix + "events",
            PendingTable = prefix + "pending",
            BlocksContainer = prefix + "-blocks",
            EventsContainer = prefix + "-events",
            SnapshotsContainer = prefix + "-snapshots",
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,19}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrefixPattern();
}
