using System.Net;
using Azure;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Tests.Support;

namespace ServerlessPds.Storage.Azure.Tests.Blobs;

/// <summary>Blob client behaviour observed at the HTTP boundary (requests sent, bytes read), with no service behind it.</summary>
public sealed class BlobContainerClientTransportTests
{
    [Fact]
    public async Task Upload_TenMebibytesOfUnknownLength_SendsBoundedBlocksThenOneConditionalBlockList()
    {
        const int size = 10 * 1024 * 1024;
        var blockBodies = new List<long>();
        string? blockList = null;
        var transport = new ScriptedTransport((_, request) =>
        {
            if (request.RequestUri!.Query.Contains("comp=block&", StringComparison.Ordinal))
            {
                blockBodies.Add(request.Content!.Headers.ContentLength ?? -1);
            }
            else
            {
                using var reader = new StreamReader(request.Content!.ReadAsStream());
                blockList = reader.ReadToEnd();
            }

            return FakeStorage.WithETag(ScriptedTransport.Status(HttpStatusCode.Created), "\"0x2\"");
        });
        var blobs = FakeStorage.Connect(transport).GetBlobContainerClient("blobs");

        var written = await blobs.UploadAsync("repo.car", new PatternStream(size, seed: 1),
            new BlobPutOptions { IfNoneMatch = ETag.All, ContentType = "application/vnd.ipld.car" });

        Assert.Equal([4L * 1024 * 1024, 4L * 1024 * 1024, 2L * 1024 * 1024], blockBodies);
        Assert.Equal(4, transport.Requests.Count);
        Assert.All(transport.Requests.Take(3), r => Assert.False(r.Headers.ContainsKey("If-None-Match")));
        var commit = transport.Requests[3];
        Assert.EndsWith("comp=blocklist", commit.Uri.Query, StringComparison.Ordinal);
        Assert.Equal("*", commit.Headers["If-None-Match"]);
        Assert.Equal("application/vnd.ipld.car", commit.Headers["x-ms-blob-content-type"]);
        Assert.Equal(3, blockList!.Split("<Latest>").Length - 1);
        Assert.Contains($"<Latest>{BlobContainerClient.BlockId(2)}</Latest>", blockList, StringComparison.Ordinal);
        Assert.Equal(size, written.ContentLength);
        Assert.Equal("\"0x2\"", written.ETag.ToString());
    }

    [Fact]
    public async Task Get_LargeBlob_ReturnsBeforeTheBodyIsReadAndStreamsIt()
    {
        const int size = 32 * 1024 * 1024;
        var body = new CountingStream(new PatternStream(size, seed: 5));
        var transport = new ScriptedTransport((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.ContentLength = size;
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "video/mp4");
            return response;
        });
        var blobs = FakeStorage.Connect(transport).GetBlobContainerClient("blobs");

        await using var download = await blobs.GetAsync("video");
        var readBeforeConsuming = body.BytesRead;
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await download.Content.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.True(readBeforeConsuming < 1024 * 1024, $"{readBeforeConsuming} bytes were read before the caller asked");
        Assert.Equal(size, total);
        Assert.Equal(size, download.Length);
        Assert.Equal("video/mp4", download.Properties.ContentType);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
