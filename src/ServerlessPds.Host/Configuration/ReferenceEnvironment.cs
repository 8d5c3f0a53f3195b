using System.Collections;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessPds.Host.Configuration;

/// <summary>
/// Reads the reference PDS's <c>pds.env</c> names (<c>PDS_HOSTNAME</c>, <c>PDS_JWT_SECRET</c>, ...) as settings of the
/// <see cref="PdsOptions.SectionName"/> section, so an operator can bring that file unchanged. The host inserts this
/// source before the environment variables, so a <c>Pds__*</c> setting of the same meaning wins.
/// </summary>
/// <remarks>
/// Lists (<c>PDS_CRAWLERS</c>, <c>PDS_SERVICE_HANDLE_DOMAINS</c>) are comma-separated. A <c>pds.env</c> has no
/// key-encryption key: when <c>PDS_JWT_SECRET</c> is given and no <c>Pds__KeyEncryptionKey</c>, one is derived from the
/// JWT secret (HKDF-SHA256, info <see cref="KeyEncryptionKeyInfo"/>), so that secret then also protects the account keys
/// at rest.
/// </remarks>
public static class ReferenceEnvironment
{
    /// <summary>The HKDF info of a key-encryption key derived from <c>PDS_JWT_SECRET</c>.</summary>
    public const string KeyEncryptionKeyInfo = "serverless-pds/key-encryption-key-from-jwt-secret/v1";

    /// <summary>Gets the reference names read one to one, with the setting path each maps to.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PDS_HOSTNAME"] = "Hostname",
        ["PDS_ADMIN_PASSWORD"] = "AdminPassword",
        ["PDS_JWT_SECRET"] = "JwtSecret",
        ["PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX"] = "PlcRotationKeyK256PrivateKeyHex",
        ["PDS_DID_PLC_URL"] = "PlcUrl",
        ["PDS_BSKY_APP_VIEW_URL"] = "Proxy:AppViewUrl",
        ["PDS_BSKY_APP_VIEW_DID"] = "Proxy:AppViewDid",
        ["PDS_REPORT_SERVICE_URL"] = "Proxy:ReportServiceUrl",
        ["PDS_REPORT_SERVICE_DID"] = "Proxy:ReportServiceDid",
        ["PDS_MOD_SERVICE_URL"] = "Proxy:ModServiceUrl",
        ["PDS_MOD_SERVICE_DID"] = "Proxy:ModServiceDid",
        ["PDS_DISABLE_SSRF_PROTECTION"] = "Proxy:DisableSsrfProtection",
        ["PDS_PROXY_MAX_RESPONSE_SIZE"] = "Proxy:MaxResponseBytes",
        ["PDS_INVITE_REQUIRED"] = "InviteRequired",
        ["PDS_BLOB_UPLOAD_LIMIT"] = "BlobUploadLimitBytes",
        ["PDS_EMAIL_SMTP_URL"] = "EmailSmtpUrl",
        ["PDS_EMAIL_FROM_ADDRESS"] = "EmailFromAddress",
        ["PDS_RATE_LIMITS_ENABLED"] = "RateLimits:Enabled",
        ["PDS_CONTACT_EMAIL_ADDRESS"] = "ContactEmail",
        ["PDS_TERMS_OF_SERVICE_URL"] = "TermsOfServiceUrl",
        ["PDS_PRIVACY_POLICY_URL"] = "PrivacyPolicyUrl",
        ["PDS_DEV_MODE"] = "DevMode",
    };

    /// <summary>Gets the comma-separated reference names, with the list setting each maps to.</summary>
    public static IReadOnlyDictionary<string, string> Lists { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PDS_CRAWLERS"] = "Crawlers",
        ["PDS_SERVICE_HANDLE_DOMAINS"] = "UserDomains",
    };

    /// <summary>Gets the reference names holding milliseconds, with the time-span setting each maps to.</summary>
    public static IReadOnlyDictionary<string, string> Milliseconds { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PDS_PROXY_HEADERS_TIMEOUT"] = "Proxy:HeadersTimeout",
        ["PDS_PROXY_BODY_TIMEOUT"] = "Proxy:BodyTimeout",
    };

    /// <summary>Maps the reference names found in an environment to configuration keys (<c>Pds:Hostname</c>, ...).</summary>
    /// <param name="environment">The environment variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <returns>The settings; empty values are left out.</returns>
    public static Dictionary<string, string?> Map(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => environment[name] is string { Length: > 0 } value ? value.Trim() : null;
        foreach (var (name, path) in Names)
        {
            if (Get(name) is { } value)
            {
                settings[Key(path)] = value;
            }
        }
        foreach (var (name, path) in Lists)
        {
            var items = Get(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            for (var i = 0; i < items.Length; i++)
            {
                settings[Key($"{path}:{i}")] = items[i];
            }
        }
        foreach (var (name, path) in Milliseconds)
        {
            if (long.TryParse(Get(name), out var ms))
            {
                settings[Key(path)] = TimeSpan.FromMilliseconds(ms).ToString("c");
            }
        }
        if (Get("PDS_JWT_SECRET") is { } secret && Get(PdsSettingNames.EnvironmentVariable("KeyEncryptionKey")) is null)
        {
            var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), PdsOptions.KeyEncryptionKeyBytes, [], Encoding.UTF8.GetBytes(KeyEncryptionKeyInfo));
            settings[Key("KeyEncryptionKey")] = Convert.ToBase64String(key);
        }
        return settings;
    }

    private static string Key(string path) => PdsOptions.SectionName + ":" + path;
}
