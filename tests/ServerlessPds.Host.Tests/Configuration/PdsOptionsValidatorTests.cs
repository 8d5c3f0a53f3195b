using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Configuration;

/// <summary>Start-up validation through the real composition: binding, defaults, validator and the report.</summary>
public class PdsOptionsValidatorTests
{
    private const string Header = "ServerlessPds cannot start: the configuration is invalid.";

    private static (bool Valid, string[] Lines, WebApplication App) Validate(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPdsHost();
        var app = builder.Build();
        var report = new StringWriter();
        var valid = app.TryValidateConfiguration(report);
        return (valid, report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), app);
    }

    public static TheoryData<string, string?, string> OneBadSetting() => new()
    {
        { "Pds:Hostname", null, "Pds__Hostname is not set: set it to this PDS's public host name, e.g. pds.example.com." },
        { "Pds:Hostname", "https://pds.example.com", "Pds__Hostname \"https://pds.example.com\" is not a host name" },
        { "Pds:Hostname", "pds.example.com:443", "Pds__Hostname \"pds.example.com:443\" is not a host name" },
        { "Pds:PublicUrl", "pds.example.com", "Pds__PublicUrl \"pds.example.com\" is not an absolute http:// or https:// URL" },
        { "Pds:PublicUrl", "https://pds.example.com/base", "Pds__PublicUrl \"https://pds.example.com/base\" is not an absolute" },
        { "Pds:PublicUrl", "ftp://pds.example.com", "Pds__PublicUrl \"ftp://pds.example.com\" is not an absolute" },
        { "Pds:ServiceDid", "web:pds.example.com", "Pds__ServiceDid \"web:pds.example.com\" is not a DID" },
        { "Pds:UserDomains:0", "example.com", "Pds__UserDomains__0 \"example.com\" is not a handle suffix" },
        { "Pds:UserDomains:0", ".", "Pds__UserDomains__0 \".\" is not a handle suffix" },
        { "Pds:AdminPassword", null, "Pds__AdminPassword is not set: choose a password of at least 12 characters" },
        { "Pds:AdminPassword", "hunter2", "Pds__AdminPassword is too short: use at least 12 characters." },
        { "Pds:JwtSecret", null, "Pds__JwtSecret is not set: give at least 32 random characters" },
        { "Pds:JwtSecret", "0123456789", "Pds__JwtSecret is too short: use at least 32 random characters" },
        { "Pds:KeyEncryptionKey", null, "Pds__KeyEncryptionKey is not set: give base64 of 32 random bytes" },
        { "Pds:KeyEncryptionKey", "not base64 at all!", "Pds__KeyEncryptionKey is not valid base64" },
        { "Pds:KeyEncryptionKey", "AAECAwQFBgcICQoLDA0ODw==", "Pds__KeyEncryptionKey decodes to 16 bytes; it must be exactly 32" },
        { "Pds:PlcUrl", "plc.directory", "Pds__PlcUrl \"plc.directory\" is not an absolute http:// or https:// URL" },
        { "Pds:BlobUploadLimitBytes", "0", "Pds__BlobUploadLimitBytes is 0: give the largest blob upload in bytes" },
        { "Pds:Storage:ConnectionString", null, "Pds__Storage__ConnectionString is not set: give an Azure Storage connection string" },
        { "Pds:Storage:ConnectionString", "just some text", "Pds__Storage__ConnectionString is not a storage connection string" },
        { "Pds:Storage:TableEndpoint", "https://st.table.core.windows.net", "Pds__Storage__ConnectionString and Pds__Storage__TableEndpoint/Pds__Storage__BlobEndpoint are both set" },
        { "Pds:ContactEmail", "nobody", "Pds__ContactEmail \"nobody\" is not an e-mail address." },
        { "Pds:PrivacyPolicyUrl", "/privacy", "Pds__PrivacyPolicyUrl \"/privacy\" is not an absolute http:// or https:// URL." },
        { "Pds:TermsOfServiceUrl", "tos.html", "Pds__TermsOfServiceUrl \"tos.html\" is not an absolute http:// or https:// URL." },
        { "Pds:TrustedProxies:0", "proxy.local", "Pds__TrustedProxies__0 \"proxy.local\" is not an IP address or CIDR range" },
        { "PDS_PORT", "http", "PDS_PORT \"http\" is not a TCP port number (0-65535)." },
        { "Pds:InviteRequired", "yes", "Failed to convert configuration value" },
    };

    [Theory]
    [MemberData(nameof(OneBadSetting))]
    public async Task TryValidateConfiguration_OneBadSetting_ReportsItAlone(string key, string? value, string message)
    {
        var (valid, lines, app) = Validate(TestSettings.Valid(new Dictionary<string, string?> { [key] = value }));
        await app.DisposeAsync();

        Assert.False(valid);
        Assert.Equal(Header, lines[0]);
        var failure = Assert.Single(lines.Skip(1));
        Assert.StartsWith("  - " + message, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryValidateConfiguration_NothingSet_ReportsEachRequiredSettingByItsVariable()
    {
        var (valid, lines, app) = Validate([]);
        await app.DisposeAsync();

        Assert.False(valid);
        Assert.Equal(
            ["Pds__Hostname", "Pds__AdminPassword", "Pds__JwtSecret", "Pds__KeyEncryptionKey", "Pds__Storage__ConnectionString"],
            lines.Skip(1).Select(l => l["  - ".Length..].Split(' ')[0]));
    }

    [Fact]
    public async Task TryValidateConfiguration_BadSecrets_NeverEchoesThem()
    {
        var (_, lines, app) = Validate(TestSettings.Valid(new Dictionary<string, string?>
        {
            ["Pds:AdminPassword"] = "s3cr3t-pw",
            ["Pds:JwtSecret"] = "jwt-secret-value",
            ["Pds:KeyEncryptionKey"] = "a2V5LWVuY3J5cHRpb24ta2V5",
        }));
        await app.DisposeAsync();

        var report = string.Join('\n', lines);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain("s3cr3t-pw", report, StringComparison.Ordinal);
        Assert.DoesNotContain("jwt-secret-value", report, StringComparison.Ordinal);
        Assert.DoesNotContain("a2V5LWVuY3J5cHRpb24ta2V5", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://st.table.core.windows.net", null, "Pds__Storage__BlobEndpoint is not set: managed identity access needs both")]
    [InlineData(null, "https://st.blob.core.windows.net", "Pds__Storage__TableEndpoint is not set: managed identity access needs both")]
    [InlineData("st.table", "https://st.blob.core.windows.net", "Pds__Storage__TableEndpoint \"st.table\" is not an absolute http:// or https:// URL")]
    public async Task TryValidateConfiguration_IncompleteManagedIdentityStorage_ReportsTheEndpoint(string? table, string? blob, string message)
    {
        var (valid, lines, app) = Validate(TestSettings.Valid(new Dictionary<string, string?>
        {
            ["Pds:Storage:ConnectionString"] = null,
            ["Pds:Storage:TableEndpoint"] = table,
            ["Pds:Storage:BlobEndpoint"] = blob,
        }));
        await app.DisposeAsync();

        Assert.False(valid);
        Assert.StartsWith("  - " + message, Assert.Single(lines.Skip(1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pds.example.com", ".pds.example.com")]
    [InlineData("localhost", ".test")]
    public async Task TryValidateConfiguration_ValidSettings_FillsDefaultsFromHostname(string hostname, string userDomain)
    {
        var (valid, lines, app) = Validate(TestSettings.Valid(new Dictionary<string, string?> { ["Pds:Hostname"] = hostname }));
        var options = app.Services.GetRequiredService<IOptions<PdsOptions>>().Value;
        await app.DisposeAsync();

        Assert.True(valid, string.Join('\n', lines));
        Assert.Empty(lines);
        Assert.Equal($"https://{hostname}", options.PublicUrl);
        Assert.Equal($"did:web:{hostname}", options.ServiceDid);
        Assert.Equal([userDomain], options.UserDomains);
        Assert.Equal(PdsOptions.DefaultPlcUrl, options.PlcUrl);
        Assert.True(options.InviteRequired);
        Assert.Equal(PdsOptions.DefaultBlobUploadLimitBytes, options.BlobUploadLimitBytes);
    }

    [Fact]
    public async Task TryValidateConfiguration_ManagedIdentityStorage_IsValid()
    {
        var (valid, lines, app) = Validate(TestSettings.Valid(new Dictionary<string, string?>
        {
            ["Pds:Storage:ConnectionString"] = null,
            ["Pds:Storage:TableEndpoint"] = "https://st.table.core.windows.net",
            ["Pds:Storage:BlobEndpoint"] = "https://st.blob.core.windows.net",
            ["Pds:TrustedProxies:0"] = "10.0.0.0/8",
            ["Pds:TrustedProxies:1"] = "192.0.2.10",
        }));
        await app.DisposeAsync();

        Assert.True(valid, string.Join('\n', lines));
    }

    [Theory]
    [InlineData("memory", true)]
    [InlineData("Memory", true)]
    [InlineData("azure", false)]
    public async Task TryValidateConfiguration_NoStorageSettings_ValidOnlyInMemoryMode(string mode, bool expected)
    {
        var (valid, lines, app) = Validate(TestSettings.Valid(new Dictionary<string, string?>
        {
            ["Pds:Storage:ConnectionString"] = null,
            ["Pds:Storage:Mode"] = mode,
        }));
        await app.DisposeAsync();

        Assert.Equal(expected, valid);
        Assert.Equal(expected, !lines.Any());
    }
}
