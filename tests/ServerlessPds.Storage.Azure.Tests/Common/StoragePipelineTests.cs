using System.Net;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class StoragePipelineTests
{
    private const int MaxRetries = 3;

    public static TheoryData<int> RetriableStatuses => new() { 408, 429, 500, 502, 503, 504 };

    [Theory]
    [MemberData(nameof(RetriableStatuses))]
    public async Task Insert_RetriableStatusThenSuccess_RetriesAndSucceeds(int status)
    {
        var transport = new ScriptedTransport((attempt, _) => attempt < 3
            ? ScriptedTransport.Status((HttpStatusCode)status)
            : FakeStorage.WithETag(ScriptedTransport.Status(HttpStatusCode.NoContent), "W/\"datetime'2024-01-01T00%3A00%3A00Z'\""));
        var table = FakeStorage.Connect(transport, MaxRetries).GetTableClient("heads");

        var etag = await table.InsertAsync(new TableEntity("did", "head").Set("Rev", "3l"));

        Assert.Equal("W/\"datetime'2024-01-01T00%3A00%3A00Z'\"", etag.ToString());
        Assert.Equal(3, transport.Requests.Count);
        Assert.All(transport.Requests, r =>
        {
            Assert.StartsWith("SharedKeyLite devstoreaccount1:", r.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Equal("2019-02-02", r.Headers["x-ms-version"]);
            Assert.True(r.Headers.ContainsKey("x-ms-date"));
        });
    }

    [Fact]
    public async Task Insert_Always503_ThrowsUnavailableAfterEveryRetry()
    {
        var transport = new ScriptedTransport((_, _) => ScriptedTransport.Status(HttpStatusCode.ServiceUnavailable, "ServerBusy"));
        var table = FakeStorage.Connect(transport, MaxRetries).GetTableClient("heads");

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => table.InsertAsync(new TableEntity("did", "head")));

        Assert.Equal(503, ex.Status);
        Assert.Equal("ServerBusy", ex.ErrorCode);
        Assert.Equal(MaxRetries + 1, transport.Requests.Count);
    }

    [Fact]
    public async Task Get_ConnectionRefused_ThrowsUnavailableWithStatusZero()
    {
        var transport = new ScriptedTransport((_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:1)"));
        var blobs = FakeStorage.Connect(transport, MaxRetries).GetBlobContainerClient("blobs");

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => blobs.GetAsync("a/b"));

        Assert.Equal(0, ex.Status);
        Assert.Contains("Connection refused", ex.Message, StringComparison.Ordinal);
        Assert.Equal(MaxRetries + 1, transport.Requests.Count);
    }

    [Theory]
    [InlineData(404, typeof(StorageNotFoundException))]
    [InlineData(409, typeof(StorageConflictException))]
    [InlineData(412, typeof(StoragePreconditionFailedException))]
    [InlineData(413, typeof(StorageEntityTooLargeException))]
    [InlineData(403, typeof(StorageException))]
    public async Task Put_NonRetriableStatus_ThrowsTypedExceptionWithoutRetrying(int status, Type expected)
    {
        var transport = new ScriptedTransport((_, _) => ScriptedTransport.Status((HttpStatusCode)status, "SomeCode"));
        var blobs = FakeStorage.Connect(transport, MaxRetries).GetBlobContainerClient("blobs");

        var ex = await Assert.ThrowsAnyAsync<StorageException>(() => blobs.PutAsync("x", new byte[] { 1 }));

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.Status);
        Assert.Equal("SomeCode", ex.ErrorCode);
        Assert.Single(transport.Requests);
        Assert.StartsWith("SharedKey devstoreaccount1:", transport.Requests[0].Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_TokenCredential_SendsBearerTokenForTheStorageScope()
    {
        var transport = new ScriptedTransport((_, _) => FakeStorage.WithETag(ScriptedTransport.Status(HttpStatusCode.Created), "\"0x1\""));
        var credential = new RecordingCredential();
        var options = FakeStorage.Options(transport, MaxRetries);
        var connection = new StorageConnection(null, new Uri("https://acct.blob.core.windows.net"), credential, options);

        var written = await connection.GetBlobContainerClient("blobs").PutAsync("a", new byte[] { 1, 2 });

        Assert.Equal("\"0x1\"", written.ETag.ToString());
        Assert.Equal("Bearer t0ken", transport.Requests[0].Headers["Authorization"]);
        Assert.Equal(new[] { StorageConnection.StorageScope }, credential.Scopes);
        Assert.Equal("https://acct.blob.core.windows.net/blobs/a", transport.Requests[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task SubmitTransaction_HostStyleEndpoint_SendsAbsoluteSubRequestUrlsAndReadsEachETag()
    {
        string? sent = null;
        var transport = new ScriptedTransport((_, request) =>
        {
            using (var reader = new StreamReader(request.Content!.ReadAsStream()))
            {
                sent = reader.ReadToEnd();
            }

            var body = string.Join("\r\n",
                "--batchresponse_r", "Content-Type: multipart/mixed; boundary=changesetresponse_c", "",
                "--changesetresponse_c", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "ETag: W/\"1\"", "", "",
                "--changesetresponse_c", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "ETag: W/\"2\"", "", "",
                "--changesetresponse_c--", "--batchresponse_r--", "");
            var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent(body) };
            response.Content.Headers.Remove("Content-Type");
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed; boundary=batchresponse_r");
            return response;
        });
        var connection = new StorageConnection(new Uri("https://acct.table.core.windows.net/"), null, new RecordingCredential(), FakeStorage.Options(transport, MaxRetries));

        var etags = await connection.GetTableClient("heads").SubmitTransactionAsync(
        [
            TableTransactionAction.Update(new TableEntity("did:plc:x", "head").Set("Rev", "2"), new ETag("W/\"0\"")),
            TableTransactionAction.Insert(new TableEntity("did:plc:x", "outbox-2").Set("Seq", 2L)),
        ]);

        Assert.Equal(["W/\"1\"", "W/\"2\""], etags.Select(e => e.ToString()));
        Assert.Equal("https://acct.table.core.windows.net/$batch", transport.Requests[0].Uri.AbsoluteUri);
        Assert.Contains("PUT https://acct.table.core.windows.net/heads(PartitionKey='did%3Aplc%3Ax',RowKey='head') HTTP/1.1\r\n", sent, StringComparison.Ordinal);
        Assert.Contains("If-Match: W/\"0\"\r\n", sent, StringComparison.Ordinal);
        Assert.Contains("POST https://acct.table.core.windows.net/heads HTTP/1.1\r\n", sent, StringComparison.Ordinal);
        Assert.Contains("\"Seq@odata.type\":\"Edm.Int64\",\"Seq\":\"2\"", sent, StringComparison.Ordinal);
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("t0ken", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
