using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// A parsed Azure Storage connection string with an account key, e.g.
/// <c>DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=&lt;base64&gt;;EndpointSuffix=core.windows.net</c>, or
/// <c>UseDevelopmentStorage=true</c> (Azurite on its default ports).
/// </summary>
/// <remarks>
/// Keys are case-insensitive: <c>DefaultEndpointsProtocol</c> (<c>http</c> or <c>https</c>, default <c>https</c>),
/// <c>AccountName</c>, <c>AccountKey</c> (base64), <c>EndpointSuffix</c> (default <c>core.windows.net</c>),
/// <c>BlobEndpoint</c>, <c>TableEndpoint</c> (absolute URLs that override the derived ones), <c>QueueEndpoint</c> and
/// <c>FileEndpoint</c> (accepted and ignored), <c>UseDevelopmentStorage</c>. Shared access signatures are not supported.
/// <see cref="ToString"/> never shows the key.
/// Spec: learn.microsoft.com/azure/storage/common/storage-configure-connection-string.
/// </remarks>
public sealed class StorageConnectionString : IParsable<StorageConnectionString>
{
    /// <summary>The account name Azurite serves by default.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known, public account key of the Azurite development account (not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] IgnoredKeys = ["QueueEndpoint", "FileEndpoint"];

    private StorageConnectionString(string accountName, byte[] accountKey, Uri blobEndpoint, Uri tableEndpoint, bool isDevelopment)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        BlobEndpoint = blobEndpoint;
        TableEndpoint = tableEndpoint;
        IsDevelopmentStorage = isDevelopment;
    }

    /// <summary>Gets the storage account name, e.g. <c>devstoreaccount1</c>.</summary>
    public string AccountName { get; }

    /// <summary>Gets the Blob service endpoint, e.g. <c>https://acct.blob.core.windows.net</c> or <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>Gets the Table service endpoint, e.g. <c>https://acct.table.core.windows.net</c> or <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>Gets a value indicating whether the string was <c>UseDevelopmentStorage=true</c>.</summary>
    public bool IsDevelopmentStorage { get; }

    /// <summary>Gets the decoded account key (HMAC-SHA256 key for Shared Key authorization).</summary>
    internal byte[] AccountKey { get; }

    /// <summary>Parses a connection string.</summary>
    /// <param name="s">The connection string.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="FormatException">A key is unknown or repeated, a value is malformed, or the account name or key is missing.</exception>
    public static StorageConnectionString Parse(string s, IFormatProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParseCore(s, out var result, out var error) ? result : throw new FormatException($"Invalid storage connection string: {error}");
    }

    /// <summary>Tries to parse a connection string.</summary>
    /// <param name="s">The connection string.</param>
    /// <param name="provider">Ignored.</param>
    /// <param name="result">The parsed connection string when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid connection string; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider,
        [MaybeNullWhen(false)] out StorageConnectionString result)
    {
        result = null;
        return s is not null && TryParseCore(s, out result, out _);
    }

    /// <summary>Returns the endpoints and account name; the key is never included.</summary>
    public override string ToString() =>
        $"AccountName={AccountName};AccountKey=<redacted>;BlobEndpoint={BlobEndpoint};TableEndpoint={TableEndpoint}";

    private static bool TryParseCore(string s, [MaybeNullWhen(false)] out StorageConnectionString result, out string error)
    {
        result = null;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = "a segment is not key=value (segments are not echoed: they may hold the key).";
                return false;
            }

            var key = part[..equals].Trim();
            if (!values.TryAdd(key, part[(equals + 1)..].Trim()))
            {
                error = $"key '{key}' appears more than once.";
                return false;
            }
        }

        if (values.Count == 0)
        {
            error = "it is empty.";
            return false;
        }

        if (values.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!string.Equals(development, "true", StringComparison.OrdinalIgnoreCase) || values.Count != 1)
            {
                error = "UseDevelopmentStorage must be 'true' and stand alone.";
                return false;
            }

            result = new StorageConnectionString(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey),
                new Uri("http://127.0.0.1:10000/" + DevelopmentAccountName), new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                isDevelopment: true);
            error = string.Empty;
            return true;
        }

        foreach (var key in values.Keys)
        {
            if (key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
            {
                error = "SharedAccessSignature is not supported; use AccountName and AccountKey, or a TokenCredential.";
                return false;
            }

            if (!IsKnownKey(key))
            {
                error = $"unknown key '{key}'.";
                return false;
            }
        }

        if (!values.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            error = "AccountName is missing.";
            return false;
        }

        if (!values.TryGetValue("AccountKey", out var keyText) || keyText.Length == 0)
        {
            error = "AccountKey is missing.";
            return false;
        }

        var keyBytes = new byte[keyText.Length];
        if (!Convert.TryFromBase64String(keyText, keyBytes, out var keyLength) || keyLength == 0)
        {
            error = "AccountKey is not base64.";
            return false;
        }

        var protocol = values.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
        if (protocol is not ("http" or "https"))
        {
            error = "DefaultEndpointsProtocol must be 'http' or 'https'.";
            return false;
        }

        var suffix = values.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        if (!TryEndpoint(values, "BlobEndpoint", $"{protocol}://{accountName}.blob.{suffix}", out var blob, out error)
            || !TryEndpoint(values, "TableEndpoint", $"{protocol}://{accountName}.table.{suffix}", out var table, out error))
        {
            return false;
        }

        result = new StorageConnectionString(accountName, keyBytes[..keyLength], blob, table, isDevelopment: false);
        return true;
    }

    private static bool IsKnownKey(string key) =>
        key.Equals("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase)
        || key.Equals("AccountName", StringComparison.OrdinalIgnoreCase)
        || key.Equals("AccountKey", StringComparison.OrdinalIgnoreCase)
        || key.Equals("EndpointSuffix", StringComparison.OrdinalIgnoreCase)
        || key.Equals("BlobEndpoint", StringComparison.OrdinalIgnoreCase)
        || key.Equals("TableEndpoint", StringComparison.OrdinalIgnoreCase)
        || IgnoredKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static bool TryEndpoint(Dictionary<string, string> values, string key, string derived,
        [MaybeNullWhen(false)] out Uri endpoint, out string error)
    {
        var text = values.GetValueOrDefault(key, derived);
        if (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
        {
            endpoint = null;
            error = $"{key} '{Describe(text)}' is not an absolute http(s) URL without query.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static string Describe(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
