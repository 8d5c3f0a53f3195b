using System.Text.RegularExpressions;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>The table and container of uploaded blobs (docs/architecture.md, "Blobs"): <c>blobs</c> and <c>blobs</c>.</summary>
/// <remarks>Several PDS instances (or test runs) can share one account by giving each a <see cref="WithPrefix"/>.</remarks>
public sealed partial record AzureBlobStorageNames
{
    /// <summary>Gets the default names.</summary>
    public static AzureBlobStorageNames Default { get; } = new();

    /// <summary>Gets the table of blob metadata: one row per (DID, CID) and one per staged upload. Default <c>blobs</c>.</summary>
    public string BlobsTable { get; init; } = "blobs";

    /// <summary>Gets the container of blob bytes, one blob per upload. Default <c>blobs</c>.</summary>
    public string BlobsContainer { get; init; } = "blobs";

    /// <summary>Returns the default names with <paramref name="prefix"/> in front (the container as <c>prefix-blobs</c>).</summary>
    /// <param name="prefix">1 to 20 lowercase ASCII letters and digits, starting with a letter.</param>
    /// <returns>The names.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not 1-20 lowercase letters and digits starting with a letter.</exception>
    public static AzureBlobStorageNames WithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException($"Invalid prefix '{prefix}': use 1-20 lowercase ASCII letters and digits, starting with a letter.", nameof(prefix));
        }

        return new AzureBlobStorageNames { BlobsTable = prefix + "blobs", BlobsContainer = prefix + "-blobs" };
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,19}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrefixPattern();
}
