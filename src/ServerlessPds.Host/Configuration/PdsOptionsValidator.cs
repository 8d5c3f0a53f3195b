using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Configuration;

/// <summary>
/// Checks <see cref="PdsOptions"/> (after <see cref="PdsOptionsDefaults"/>) and the listening variables
/// (<see cref="PdsSettingNames.PdsPort"/>) at start-up. Every
/// missing or bad setting gets its own message that names the environment variable to set and what it should hold; the
/// messages never repeat a secret's value.
/// </summary>
/// <param name="configuration">The app configuration, for the listening variables.</param>
internal sealed class PdsOptionsValidator(IConfiguration configuration) : IValidateOptions<PdsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PdsOptions options)
    {
        var failures = new List<string>();
        CheckIdentity(options, failures);
        CheckSecrets(options, failures);
        CheckServices(options, failures);
        CheckStorage(options.Storage, failures);
        options.Firehose.Validate(failures);
        options.Commits.Validate(options.Storage, failures);
        if (options.Firehose.UsesWebPubSub)
        {
            options.WebPubSub.Validate(failures);
        }

        CheckPort(PdsSettingNames.PdsPort, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckIdentity(PdsOptions options, List<string> failures)
    {
        var hostname = options.Hostname?.Trim();
        if (string.IsNullOrEmpty(hostname))
        {
            failures.Add($"{Env("Hostname")} is not set: set it to this PDS's public host name, e.g. pds.example.com.");
            return;
        }

        if (!IsHostname(hostname))
        {
            failures.Add($"{Env("Hostname")} \"{hostname}\" is not a host name: give a DNS name such as pds.example.com, without scheme, port or path.");
            return; // the defaults derived from it are missing too; report the cause only
        }

        if (!IsBaseUrl(options.PublicUrl))
        {
            failures.Add($"{Env("PublicUrl")} \"{options.PublicUrl}\" is not an absolute http:// or https:// URL without path, query or fragment, e.g. https://pds.example.com.");
        }

        if (!Did.IsValid(options.ServiceDid))
        {
            failures.Add($"{Env("ServiceDid")} \"{options.ServiceDid}\" is not a DID, e.g. did:web:pds.example.com.");
        }

        for (var i = 0; i < options.UserDomains.Count; i++)
        {
            var domain = options.UserDomains[i];
            if (domain is null || domain.Length < 2 || domain[0] != '.' || !IsHostname(domain[1..]))
            {
                failures.Add($"{Env($"UserDomains:{i}")} \"{domain}\" is not a handle suffix: give a host name starting with a dot, e.g. .pds.example.com or .test.");
            }
        }
    }

    private static void CheckSecrets(PdsOptions options, List<string> failures)
    {
        if (string.IsNullOrEmpty(options.AdminPassword))
        {
            failures.Add($"{Env("AdminPassword")} is not set: choose a password of at least {PdsOptions.MinAdminPasswordLength} characters for the admin user.");
        }
        else if (options.AdminPassword.Length < PdsOptions.MinAdminPasswordLength)
        {
            failures.Add($"{Env("AdminPassword")} is too short: use at least {PdsOptions.MinAdminPasswordLength} characters.");
        }

        if (string.IsNullOrEmpty(options.JwtSecret))
        {
            failures.Add($"{Env("JwtSecret")} is not set: give at least {PdsOptions.MinJwtSecretLength} random characters, e.g. the output of `openssl rand -hex 32`.");
        }
        else if (options.JwtSecret.Length < PdsOptions.MinJwtSecretLength)
        {
            failures.Add($"{Env("JwtSecret")} is too short: use at least {PdsOptions.MinJwtSecretLength} random characters, e.g. the output of `openssl rand -hex 32`.");
        }

        if (string.IsNullOrEmpty(options.KeyEncryptionKey))
        {
            failures.Add($"{Env("KeyEncryptionKey")} is not set: give base64 of {PdsOptions.KeyEncryptionKeyBytes} random bytes, e.g. the output of `head -c 32 /dev/urandom | base64`.");
        }
        else
        {
            var buffer = new byte[options.KeyEncryptionKey.Length];
            if (!Convert.TryFromBase64String(options.KeyEncryptionKey.Trim(), buffer, out var length))
            {
                failures.Add($"{Env("KeyEncryptionKey")} is not valid base64: give base64 of {PdsOptions.KeyEncryptionKeyBytes} random bytes, e.g. the output of `head -c 32 /dev/urandom | base64`.");
            }
            else if (length != PdsOptions.KeyEncryptionKeyBytes)
            {
                failures.Add($"{Env("KeyEncryptionKey")} decodes to {length} bytes; it must be exactly {PdsOptions.KeyEncryptionKeyBytes} (`head -c 32 /dev/urandom | base64`).");
            }
        }
    }

    private static void CheckServices(PdsOptions options, List<string> failures)
    {
        if (!IsHttpUrl(options.PlcUrl))
        {
            failures.Add($"{Env("PlcUrl")} \"{options.PlcUrl}\" is not an absolute http:// or https:// URL, e.g. {PdsOptions.DefaultPlcUrl}.");
        }

        ValidateProxy(options.Proxy, failures);
        if (options.PlcRotationKeyK256PrivateKeyHex is { Length: > 0 } rotationHex
            && (rotationHex.Trim().Length != 64 || !rotationHex.Trim().All(Uri.IsHexDigit)))
        {
            failures.Add($"{Env("PlcRotationKeyK256PrivateKeyHex")} (PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX) is not 64 hex digits (a 32-byte secp256k1 private key).");
        }

        if (options.BlobUploadLimitBytes <= 0)
        {
            failures.Add($"{Env("BlobUploadLimitBytes")} is {options.BlobUploadLimitBytes.ToString(CultureInfo.InvariantCulture)}: give the largest blob upload in bytes, e.g. {PdsOptions.DefaultBlobUploadLimitBytes.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.ContactEmail is { } email && (email.Length < 3 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            failures.Add($"{Env("ContactEmail")} \"{email}\" is not an e-mail address.");
        }

        foreach (var (setting, value) in new[] { ("PrivacyPolicyUrl", options.PrivacyPolicyUrl), ("TermsOfServiceUrl", options.TermsOfServiceUrl) })
        {
            if (value is not null && !IsHttpUrl(value))
            {
                failures.Add($"{Env(setting)} \"{value}\" is not an absolute http:// or https:// URL.");
            }
        }

        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            var proxy = options.TrustedProxies[i];
            if (proxy is null || (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _)))
            {
                failures.Add($"{Env($"TrustedProxies:{i}")} \"{proxy}\" is not an IP address or CIDR range, e.g. 10.0.0.0/8.");
            }
        }

        for (var i = 0; i < options.Crawlers.Count; i++)
        {
            if (!IsHttpUrl(options.Crawlers[i]))
            {
                failures.Add($"{Env($"Crawlers:{i}")} \"{options.Crawlers[i]}\" is not an absolute http:// or https:// URL, e.g. https://bsky.network.");
            }
        }
    }

    private static void CheckStorage(PdsStorageOptions storage, List<string> failures)
    {
        if (storage.Mode == PdsStorageMode.Memory)
        {
            return;
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(storage.ConnectionString);
        var hasTable = !string.IsNullOrWhiteSpace(storage.TableEndpoint);
        var hasBlob = !string.IsNullOrWhiteSpace(storage.BlobEndpoint);
        var connectionString = Env("Storage:ConnectionString");
        if (hasConnectionString && (hasTable || hasBlob))
        {
            failures.Add($"{connectionString} and {Env("Storage:TableEndpoint")}/{Env("Storage:BlobEndpoint")} are both set: give the connection string, or the endpoints (managed identity), not both.");
            return;
        }

        if (hasConnectionString)
        {
            var pairs = storage.ConnectionString!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (pairs.Length == 0 || pairs.Any(p => p.IndexOf('=', StringComparison.Ordinal) <= 0))
            {
                failures.Add($"{connectionString} is not a storage connection string: expected Key=Value pairs separated by ';' (AccountName=...;AccountKey=...;...).");
            }

            return;
        }

        if (!hasTable && !hasBlob)
        {
            failures.Add($"{connectionString} is not set: give an Azure Storage connection string (Azurite or Shared Key), or set {Env("Storage:TableEndpoint")} and {Env("Storage:BlobEndpoint")} for managed identity access.");
            return;
        }

        foreach (var (setting, value) in new[] { ("Storage:TableEndpoint", storage.TableEndpoint), ("Storage:BlobEndpoint", storage.BlobEndpoint) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{Env(setting)} is not set: managed identity access needs both {Env("Storage:TableEndpoint")} and {Env("Storage:BlobEndpoint")}.");
            }
            else if (!IsHttpUrl(value))
            {
                failures.Add($"{Env(setting)} \"{value}\" is not an absolute http:// or https:// URL, e.g. https://mystorage.table.core.windows.net.");
            }
        }
    }

    private void CheckPort(string variable, List<string> failures)
    {
        var value = configuration[variable];
        if (value is not null && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort))
        {
            failures.Add($"{variable} \"{value}\" is not a TCP port number (0-{IPEndPoint.MaxPort.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    private static string Env(string path) => PdsSettingNames.EnvironmentVariable(path);

    private static bool IsHostname(string value) => PdsOptionsDefaults.IsHostname(value);

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    private static bool IsBaseUrl(string? value) =>
        IsHttpUrl(value) && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && !value!.Contains('#', StringComparison.Ordinal);

    private static void ValidateProxy(PdsProxyOptions proxy, List<string> failures)
    {
        foreach (var (name, url, did) in new[]
        {
            ("AppView", proxy.AppViewUrl, proxy.AppViewDid),
            ("ReportService", proxy.ReportServiceUrl, proxy.ReportServiceDid),
            ("ModService", proxy.ModServiceUrl, proxy.ModServiceDid),
        })
        {
            if (string.IsNullOrWhiteSpace(url) != string.IsNullOrWhiteSpace(did))
            {
                failures.Add($"{Env($"Proxy:{name}Url")} and {Env($"Proxy:{name}Did")} go together: give both or neither.");
            }
            else if (!string.IsNullOrWhiteSpace(url) && (!IsHttpUrl(url) || !Protocol.Syntax.Did.IsValid(did!)))
            {
                failures.Add($"{Env($"Proxy:{name}Url")} must be an absolute http(s) URL and {Env($"Proxy:{name}Did")} a DID.");
            }
        }
        if (proxy.MaxResponseBytes <= 0 || proxy.HeadersTimeout <= TimeSpan.Zero || proxy.BodyTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Env("Proxy:MaxResponseBytes")}, {Env("Proxy:HeadersTimeout")} and {Env("Proxy:BodyTimeout")} must be positive.");
        }
    }
}
