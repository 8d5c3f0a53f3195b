using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class StorageConnectionTests
{
    [Fact]
    public void Constructor_TokenCredentialWithHttpEndpoint_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new StorageConnection(new Uri("http://127.0.0.1:10002/devstoreaccount1"), null, new FixedTokenCredential()));

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TokenCredentialWithoutEndpoints_Throws() =>
        Assert.Throws<ArgumentException>(() => new StorageConnection(null, null, new FixedTokenCredential()));

    [Fact]
    public void GetBlobContainerClient_TokenConnectionWithTableOnly_ThrowsInvalidOperation()
    {
        var connection = new StorageConnection(new Uri("https://acct.table.core.windows.net"), null, new FixedTokenCredential());

        Assert.Equal("acct.table.core.windows.net", connection.TableEndpoint!.Host);
        Assert.Null(connection.BlobEndpoint);
        Assert.Throws<InvalidOperationException>(() => connection.GetBlobContainerClient("blobs"));
    }

    [Fact]
    public void Constructor_MalformedConnectionString_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => StorageConnection.FromConnectionString("AccountName=x;NotAKey"));

    [Fact]
    public void Constructor_DevelopmentStorage_PinsTheBlobServiceVersionAzuriteAccepts()
    {
        var connection = StorageConnection.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(10002, connection.TableEndpoint!.Port);
        Assert.Equal(global::Azure.Storage.Blobs.BlobClientOptions.ServiceVersion.V2026_06_06, StorageClientOptions.BlobServiceVersion);
    }

    private sealed class FixedTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
