using System.Security.Cryptography;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Pds.Tests.Blobs;

public sealed class BlobDigestStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(64)]
    [InlineData(1_000_000)]
    public async Task ReadToEnd_ComputesTheRawCidAndKeepsTheHead(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        using var digest = new BlobDigestStream(new MemoryStream(bytes), size);

        await digest.CopyToAsync(Stream.Null, 7919);

        Assert.Equal(Cid.FromSha256(Cid.RawCodec, SHA256.HashData(bytes)), digest.ComputeCid());
        Assert.Equal(size, digest.BytesRead);
        Assert.Equal(bytes.AsSpan(0, Math.Min(size, BlobContentSniffer.HeadBytes)).ToArray(), digest.Head.ToArray());
    }

    [Fact]
    public async Task ComputeCid_BeforeTheEnd_Throws()
    {
        using var digest = new BlobDigestStream(new MemoryStream(new byte[100]), 100);

        await digest.ReadExactlyAsync(new byte[50]);

        Assert.Throws<InvalidOperationException>(() => digest.ComputeCid());
    }

    [Fact]
    public async Task Read_PastTheLimit_ThrowsPayloadTooLarge()
    {
        using var digest = new BlobDigestStream(new MemoryStream(new byte[101]), 100);

        var error = await Assert.ThrowsAsync<Protocol.Xrpc.XrpcException>(() => digest.CopyToAsync(Stream.Null));

        Assert.Equal(413, error.Status);
        Assert.Equal("PayloadTooLarge", error.Error.Value);
    }
}
