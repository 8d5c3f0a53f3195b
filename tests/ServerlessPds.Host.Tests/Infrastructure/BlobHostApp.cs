using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Testing;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// The real host on real Kestrel (a free loopback port) with Azure storage on a real, in-memory Azurite, an
/// <see cref="InMemoryPlcDirectory"/>, open sign-up and the default blob upload limit. Shared by a test class.
/// </summary>
public sealed class BlobHostApp : IAsyncLifetime
{
    private WebApplication? _app;
    private AzuriteServer? _azurite;
    private int _accounts;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public StorageConnection Storage { get; private set; } = null!;

    public IBlobStore Blobs => _app!.Services.GetRequiredService<IBlobStore>();

    public BlobContainerClient Container => Storage.GetBlobContainerClient(AzureBlobStorageNames.Default.BlobsContainer);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartNewAsync();
        Storage = StorageConnection.FromConnectionString(_azurite.ConnectionString);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(TestSettings.Valid(new Dictionary<string, string?>
        {
            ["Pds:Storage:Mode"] = "azure",
            ["Pds:Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Pds:InviteRequired"] = "false",
            ["Pds:UserDomains:0"] = ".test",
            ["Pds:PublicUrl"] = PdsApiFactory.PublicUrl,
        }));
        builder.Logging.ClearProviders();
        builder.AddPdsHost();
        builder.Services.AddSingleton<IPlcDirectory>(new InMemoryPlcDirectory());
        _app = builder.Build();
        Assert.True(_app.TryValidateConfiguration(TextWriter.Null));
        _app.UsePdsHost();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>Creates a fresh account and returns it.</summary>
    public async Task<TestAccount> CreateAccountAsync(string hint = "blob")
    {
        var name = $"{hint}{Interlocked.Increment(ref _accounts)}";
        using var response = await Client.PostAsJsonAsync("/xrpc/com.atproto.server.createAccount",
            new { handle = $"{name}.test", email = $"{name}@example.com", password = "password-123" });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        return new TestAccount(json["did"]!.GetValue<string>(), json["handle"]!.GetValue<string>(), "password-123",
            json["accessJwt"]!.GetValue<string>(), json["refreshJwt"]!.GetValue<string>());
    }

    /// <summary>Posts an uploadBlob request with the given body and Content-Type.</summary>
    public async Task<HttpResponseMessage> UploadAsync(HttpContent content, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.repo.uploadBlob") { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Uploads bytes and returns the blob ref of the answer.</summary>
    public async Task<JsonNode> UploadBytesAsync(byte[] bytes, string contentType, string token)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await UploadAsync(content, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["blob"]!;
    }

    /// <summary>Uploads bytes and references them from a record (getBlob serves only referenced blobs); returns the blob ref.</summary>
    public async Task<JsonNode> PublishBytesAsync(byte[] bytes, string contentType, string token)
    {
        var blob = await UploadBytesAsync(bytes, contentType, token);
        var did = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(PadBase64(token.Split('.')[1]))))!["sub"]!.GetValue<string>();
        await CreateRecordReferencingAsync(new TestAccount(did, "", "", token, ""), blob);
        return blob;
    }

    private static string PadBase64(string url) => url.Replace('-', '+').Replace('_', '/') + new string('=', (4 - url.Length % 4) % 4);

    /// <summary>Creates a record (collection <c>com.example.file</c>, not validated) that references the blob ref given.</summary>
    public async Task<JsonNode> CreateRecordReferencingAsync(TestAccount account, JsonNode blobRef)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.repo.createRecord")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["repo"] = account.Did,
                ["collection"] = "com.example.file",
                ["record"] = new JsonObject { ["$type"] = "com.example.file", ["file"] = blobRef.DeepClone() },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessJwt);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Sends getBlob with optional extra headers.</summary>
    public async Task<HttpResponseMessage> GetBlobAsync(string did, string cid, Action<HttpRequestHeaders>? headers = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/xrpc/com.atproto.sync.getBlob?did={Uri.EscapeDataString(did)}&cid={cid}");
        headers?.Invoke(request.Headers);
        return await Client.SendAsync(request, completion);
    }

    /// <summary>Counts the account's stored byte blobs and metadata rows.</summary>
    public async Task<(int Bytes, int Rows)> CountStoredAsync(string did)
    {
        var bytes = 0;
        await foreach (var page in Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = did + "/" }).AsPages())
        {
            bytes += page.Values.Count;
        }

        var rows = 0;
        var table = Storage.GetTableClient(AzureBlobStorageNames.Default.BlobsTable);
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {did}")).AsPages())
        {
            rows += page.Values.Count;
        }

        return (bytes, rows);
    }
}
