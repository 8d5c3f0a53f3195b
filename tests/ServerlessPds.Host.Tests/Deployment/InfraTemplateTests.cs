using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Xrpc;
using ServerlessPds.Storage.Azure.Accounts;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Repo;

namespace ServerlessPds.Host.Tests.Deployment;

/// <summary>
/// Checks the compiled <c>infra/</c> template against the code, since nothing can be deployed from here: the
/// function app's settings pass the host's own start-up validation, every secret is a Key Vault reference, the
/// storage account has every table and container the storage code names, and the front sends the firehose path to
/// the Web PubSub hub. Issue 16, item 4.
/// </summary>
public sealed partial class InfraTemplateTests(CompiledInfraTemplate template) : IClassFixture<CompiledInfraTemplate>
{
    // Sample values of the appsettings module's parameters (deploy-time values the template cannot know).
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["hostname"] = "pds.example.com",
        ["userDomain"] = ".pds.example.com",
        ["inviteRequired"] = "True",
        ["storageAccountName"] = "stabc123",
        ["tableEndpoint"] = "https://stabc123.table.core.windows.net/",
        ["blobEndpoint"] = "https://stabc123.blob.core.windows.net/",
        ["identityClientId"] = "00000000-0000-0000-0000-000000000001",
        ["applicationInsightsConnectionString"] = "InstrumentationKey=00000000-0000-0000-0000-000000000002",
        ["webPubSubHostName"] = "wps-abc123.webpubsub.azure.com",
        ["webPubSubHub"] = "firehose",
        ["taskHubName"] = "pdstaskhub",
    };

    private FunctionAppSettings Settings => FunctionAppSettings.From(template);

    [Fact]
    public async Task AppSettings_PassTheHostsStartupValidation()
    {
        var (valid, report) = await ValidateAsync(Evaluated(Settings.Raw));

        Assert.True(valid, report);
        Assert.DoesNotContain(Env("Storage:Mode"), Settings.Raw.Keys);
        Assert.DoesNotContain(Env("Storage:ConnectionString"), Settings.Raw.Keys);
    }

    [Fact]
    public async Task AppSettings_EachRequiredOneLeftOut_FailsValidation()
    {
        // The check above can fail: leaving out any setting the host requires is reported, by its variable name.
        var required = new List<string>();
        foreach (var name in Settings.Raw.Keys)
        {
            var (valid, report) = await ValidateAsync(Evaluated(Settings.Raw.Where(s => s.Key != name)));
            if (!valid)
            {
                Assert.Contains(name, report, StringComparison.Ordinal);
                required.Add(name);
            }
        }

        Assert.Superset(
            new HashSet<string>(
            [
                Env(nameof(PdsOptions.Hostname)), Env(nameof(PdsOptions.AdminPassword)), Env(nameof(PdsOptions.JwtSecret)),
                Env(nameof(PdsOptions.KeyEncryptionKey)), Env($"Storage:{nameof(PdsStorageOptions.TableEndpoint)}"),
                Env($"Storage:{nameof(PdsStorageOptions.BlobEndpoint)}"),
            ]),
            required.ToHashSet());
    }

    [Fact]
    public void AppSettings_EverySecret_IsAKeyVaultReference()
    {
        // Secret options are found by name in the options classes, so a new one is checked without editing this test.
        var secretOptions = OptionPaths(typeof(PdsOptions), "").Where(p => IsSecretName(p)).Select(Env).ToList();
        Assert.Superset(
            new HashSet<string>([Env(nameof(PdsOptions.AdminPassword)), Env(nameof(PdsOptions.JwtSecret)), Env(nameof(PdsOptions.KeyEncryptionKey))]),
            secretOptions.ToHashSet());

        var secretSettings = Settings.Raw.Where(s => secretOptions.Contains(s.Key) || IsSecretName(s.Key)).ToList();
        Assert.All(secretOptions.Where(o => !o.EndsWith("ConnectionString", StringComparison.Ordinal)), o => Assert.Contains(o, Settings.Raw.Keys));
        Assert.All(secretSettings, s => Assert.True(FunctionAppSettings.IsKeyVaultReference(s.Value), $"{s.Key} = {s.Value} is not a Key Vault reference"));

        // Each reference names a secret the keyvault module creates.
        var vaultSecrets = template.Module("keyvault")["resources"]!.AsArray()
            .Where(r => (string?)r!["type"] == "Microsoft.KeyVault/vaults/secrets").ToList();
        Assert.Equal(secretSettings.Count, vaultSecrets.Count);
    }

    [Fact]
    public void AppSettings_FlexConsumption_UseIdentityAndNoLegacyRuntimeSettings()
    {
        Assert.Equal("managedidentity", Settings.Raw["AzureWebJobsStorage__credential"]);
        Assert.Contains("AzureWebJobsStorage__accountName", Settings.Raw.Keys);
        Assert.Contains("AzureWebJobsStorage__clientId", Settings.Raw.Keys);
        Assert.Contains(Env($"Storage:{nameof(PdsStorageOptions.ManagedIdentityClientId)}"), Settings.Raw.Keys);
        foreach (var legacy in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "AzureWebJobsStorage" })
        {
            Assert.DoesNotContain(legacy, Settings.Raw.Keys);
        }

        var site = CompiledInfraTemplate.Resource(template.Module("functionapp"), "Microsoft.Web/sites");
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        var plan = CompiledInfraTemplate.Resource(template.Module("functionapp"), "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
    }

    [Fact]
    public void AppSettings_DurableTaskHub_IsTheOneHostJsonNamesAndTheTemplateDefault()
    {
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Infrastructure.RepositoryPaths.Root, "host.json")));
        var hubName = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString()!;
        Assert.Matches("^%[A-Za-z]+%$", hubName);
        var hub = FunctionAppSettings.Evaluate(Settings.Raw[hubName.Trim('%')], Samples);

        Assert.Equal((string?)template.Template["parameters"]!["taskHubName"]!["defaultValue"], hub);
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
        Assert.DoesNotContain(Env("Commits:Serializer"), Settings.Raw.Keys);
    }

    [Fact]
    public void AppSettings_WebPubSubFirehose_IsConfigured()
    {
        var settings = Evaluated(Settings.Raw);
        Assert.Equal("webpubsub", settings["Pds:Firehose:Transport"]);
        Assert.Equal("https://wps-abc123.webpubsub.azure.com", settings["Pds:WebPubSub:Endpoint"]);
        Assert.Equal("firehose", settings["Pds:WebPubSub:Hub"]);
        Assert.Equal(Samples["identityClientId"], settings["Pds:WebPubSub:ManagedIdentityClientId"]);
    }

    [Fact]
    public void Storage_CreatesEveryTableAndContainerTheCodeNames()
    {
        // Every public *Names type of the storage assembly with a static Default instance, so a new one is checked too.
        var namesTypes = typeof(AzureRepoStorageNames).Assembly.GetExportedTypes()
            .Where(t => t.Name.EndsWith("Names", StringComparison.Ordinal) && t.GetProperty("Default", BindingFlags.Public | BindingFlags.Static) is not null)
            .ToList();
        Assert.Superset(new HashSet<Type>([typeof(AzureRepoStorageNames), typeof(TableAccountStoreNames), typeof(AzureBlobStorageNames)]), namesTypes.ToHashSet());
        var named = namesTypes
            .Select(t => t.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .SelectMany(n => n.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (p.Name, Value: (string)p.GetValue(n)!)))
            .ToList();
        var variables = template.Template["variables"]!;
        var tables = variables["pdsTables"]!.AsArray().Select(t => (string)t!).ToHashSet();
        var containers = variables["pdsContainers"]!.AsArray().Select(t => (string)t!).ToHashSet();

        Assert.All(named, n => Assert.Contains(n.Value, n.Name.EndsWith("Table", StringComparison.Ordinal) ? tables : containers));
        Assert.Equal(named.Count, tables.Count + containers.Count);
    }

    [Fact]
    public void Front_RewritesSubscribeReposToTheAnonymousFirehoseHub()
    {
        var front = template.Module("frontdoor");
        var firehosePath = "/xrpc/" + ComAtprotoSyncSubscribeEndpoints.SubscribeRepos;
        Assert.Equal(firehosePath, (string?)front["variables"]!["firehosePath"]);
        var rewrite = CompiledInfraTemplate.Resource(front, "Microsoft.Cdn/profiles/ruleSets/rules")["properties"]!["actions"]![0]!["parameters"]!;
        Assert.Equal("[variables('firehosePath')]", (string?)rewrite["sourcePattern"]);
        Assert.Equal("[format('/client/hubs/{0}', parameters('hubName'))]", (string?)rewrite["destination"]);

        var routes = front["resources"]!.AsArray().Where(r => (string?)r!["type"] == "Microsoft.Cdn/profiles/afdEndpoints/routes").ToList();
        Assert.Contains(routes, r => r!["properties"]!["patternsToMatch"]!.AsArray().Select(p => (string?)p).SequenceEqual(["[variables('firehosePath')]"]));
        Assert.Contains(routes, r => r!["properties"]!["patternsToMatch"]!.AsArray().Select(p => (string?)p).SequenceEqual(["/*"]));

        var hub = CompiledInfraTemplate.Resource(template.Module("webpubsub-hub"), "Microsoft.SignalRService/webPubSub/hubs")["properties"]!;
        Assert.Equal("allow", (string?)hub["anonymousConnectPolicy"]);
        var handler = Assert.Single(hub["eventHandlers"]!.AsArray())!;
        Assert.Equal("[format('https://{0}/webpubsub/events', parameters('functionAppHostName'))]", (string?)handler["urlTemplate"]);
        Assert.Equal(["connect", "connected", "disconnected"], handler["systemEvents"]!.AsArray().Select(e => (string)e!));
    }

    private static Dictionary<string, string?> Evaluated(IEnumerable<KeyValuePair<string, string>> raw) =>
        raw.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)FunctionAppSettings.Evaluate(s.Value, Samples));

    private static async Task<(bool Valid, string Report)> ValidateAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPdsHost();
        await using var app = builder.Build();
        var report = new StringWriter();
        return (app.TryValidateConfiguration(report), report.ToString());
    }

    private static string Env(string path) => PdsSettingNames.EnvironmentVariable(path);

    private static bool IsSecretName(string path) => SecretName().IsMatch(path);

    // Paths (Storage:TableEndpoint) of the string settings in an options class and the option classes it nests.
    private static IEnumerable<string> OptionPaths(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(string))
            {
                yield return prefix + property.Name;
            }
            else if (property.PropertyType.Namespace == typeof(PdsOptions).Namespace && property.PropertyType.IsClass)
            {
                foreach (var path in OptionPaths(property.PropertyType, $"{prefix}{property.Name}:"))
                {
                    yield return path;
                }
            }
        }
    }

    [GeneratedRegex("(Password|Secret|EncryptionKey|AccessKey|ConnectionString|PrivateKey|RotationKey)$")]
    private static partial Regex SecretName();
}
