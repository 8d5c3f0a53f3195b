using System.Security.Cryptography;
using Azure;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Blobs;

[Collection(AzuriteCollection.Name)]
public sealed class BlobContainerClientTests(AzuriteFixture azurite)
{
    private const int TwentyMegabytes = 20 * 1000 * 1000;

    public static TheoryData<int> SmallSizes => new() { 0, 1, 1000, BlobLimits.DefaultBlockBytes - 1 };

    public static TheoryData<string> Names => new()
    {
        "plain",
        "did:plc:abc/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        "with space/and+plus&amp=eq",
        "unicode/é漢字🙂",
        "percent%41literal",
    };

    [Fact]
    public async Task CreateIfNotExists_TwiceThenDelete_ReportsCreatedOnlyFirst()
    {
        var container = azurite.Connection.GetBlobContainerClient(azurite.NewContainerName("create"));

        Assert.True(await container.CreateIfNotExistsAsync());
        Assert.False(await container.CreateIfNotExistsAsync());
        Assert.True(await container.DeleteIfExistsAsync());
        Assert.False(await container.DeleteIfExistsAsync());
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public async Task PutThenGet_SmallBlob_ReadsBackIdenticalWithProperties(int size)
    {
        var container = await NewContainerAsync("small");
        var bytes = PatternStream.Bytes(size, seed: size);

        var written = await container.PutAsync("b", bytes, new BlobPutOptions { ContentType = "image/png" });
        await using var download = await container.GetAsync("b");
        var read = await ReadAllAsync(download.Content);
        var properties = await container.GetPropertiesAsync("b");

        Assert.Equal(bytes, read);
        Assert.Equal(size, download.Length);
        Assert.Equal(0, download.Offset);
        Assert.Equal(size, download.Properties.ContentLength);
        Assert.Equal("image/png", download.Properties.ContentType);
        Assert.Equal(written.ETag, download.Properties.ETag);
        Assert.Equal(size, properties!.ContentLength);
        Assert.Equal("image/png", properties.ContentType);
        Assert.Equal(written.ETag, properties.ETag);
        Assert.NotNull(properties.LastModified);
    }

    [Theory]
    [MemberData(nameof(SmallSizes))]
    public async Task Upload_StreamWithinOneBlock_IsWrittenWithOnePut(int size)
    {
        var container = await NewContainerAsync("onepart");

        var written = await container.UploadAsync("b", new PatternStream(size, seed: 7));
        await using var download = await container.GetAsync("b");

        Assert.Equal(size, written.ContentLength);
        Assert.Equal(PatternStream.Bytes(size, seed: 7), await ReadAllAsync(download.Content));
        Assert.Equal("application/octet-stream", download.Properties.ContentType);
    }

    [Fact]
    public async Task Upload_TwentyMegabytesOfUnknownLength_StagesBlocksAndReadsBackByteIdentical()
    {
        var container = await NewContainerAsync("staged");
        using var expected = SHA256.Create();
        var expectedHash = await expected.ComputeHashAsync(new PatternStream(TwentyMegabytes, seed: 20));

        var written = await container.UploadAsync("car/big.car", new PatternStream(TwentyMegabytes, seed: 20),
            new BlobPutOptions { ContentType = "application/vnd.ipld.car" });
        var properties = await container.GetPropertiesAsync("car/big.car");
        await using var download = await container.GetAsync("car/big.car");
        using var actual = SHA256.Create();
        var actualHash = await actual.ComputeHashAsync(download.Content);

        Assert.Equal(TwentyMegabytes, written.ContentLength);
        Assert.Equal(TwentyMegabytes, properties!.ContentLength);
        Assert.Equal("application/vnd.ipld.car", properties.ContentType);
        Assert.Equal(written.ETag, properties.ETag);
        Assert.Equal(expectedHash, actualHash);
    }

    [Fact]
    public async Task Upload_StagedWithIfNoneMatchOnExistingBlob_ThrowsConflictAndKeepsTheOriginal()
    {
        var container = await NewContainerAsync("stagedcond");
        await container.PutAsync("b", new byte[] { 1, 2, 3 });
        var options = new BlobPutOptions { IfNoneMatch = ETag.All, BlockSizeBytes = BlobLimits.MinBlockBytes };

        await Assert.ThrowsAsync<StorageConflictException>(() => container.UploadAsync("b", new PatternStream(300_000, seed: 1), options));
        await using var download = await container.GetAsync("b");

        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadAllAsync(download.Content));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 1)]
    [InlineData(990, 10)]
    [InlineData(990, 100)]
    [InlineData(123, null)]
    public async Task Get_Range_ReturnsThoseBytesOnly(long offset, int? length)
    {
        var container = await NewContainerAsync("range");
        var bytes = PatternStream.Bytes(1000, seed: 3);
        await container.PutAsync("b", bytes);

        await using var download = await container.GetAsync("b", new BlobRange(offset, length));
        var read = await ReadAllAsync(download.Content);

        var expectedLength = (int)Math.Min(length ?? long.MaxValue, 1000 - offset);
        Assert.Equal(bytes.AsSpan((int)offset, expectedLength).ToArray(), read);
        Assert.Equal(offset, download.Offset);
        Assert.Equal(expectedLength, download.Length);
        Assert.Equal(1000, download.Properties.ContentLength);
    }

    [Fact]
    public async Task Get_RangeBeyondTheEnd_ThrowsStorageExceptionWith416()
    {
        var container = await NewContainerAsync("badrange");
        await container.PutAsync("b", new byte[10]);

        var ex = await Assert.ThrowsAnyAsync<StorageException>(() => container.GetAsync("b", new BlobRange(20, 5)));

        Assert.Equal(416, ex.Status);
    }

    [Fact]
    public async Task Put_Conditions_AreHonoured()
    {
        var container = await NewContainerAsync("cond");
        var first = await container.PutAsync("b", new byte[] { 1 }, new BlobPutOptions { IfNoneMatch = ETag.All });

        var exists = await Assert.ThrowsAsync<StorageConflictException>(() =>
            container.PutAsync("b", new byte[] { 2 }, new BlobPutOptions { IfNoneMatch = ETag.All }));
        var second = await container.PutAsync("b", new byte[] { 3 }, new BlobPutOptions { IfMatch = first.ETag });
        var stale = await Assert.ThrowsAsync<StoragePreconditionFailedException>(() =>
            container.PutAsync("b", new byte[] { 4 }, new BlobPutOptions { IfMatch = first.ETag }));
        await using var download = await container.GetAsync("b");

        Assert.Equal("BlobAlreadyExists", exists.ErrorCode);
        Assert.Equal(412, stale.Status);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(new byte[] { 3 }, await ReadAllAsync(download.Content));
    }

    [Fact]
    public async Task Delete_WithIfMatch_DeletesOnlyTheMatchingVersion()
    {
        var container = await NewContainerAsync("delete");
        var first = await container.PutAsync("b", new byte[] { 1 });
        var second = await container.PutAsync("b", new byte[] { 2 });

        await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => container.DeleteAsync("b", first.ETag));
        Assert.True(await container.ExistsAsync("b"));
        Assert.True(await container.DeleteAsync("b", second.ETag));

        Assert.False(await container.ExistsAsync("b"));
        Assert.Null(await container.GetPropertiesAsync("b"));
        Assert.False(await container.DeleteAsync("b"));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => container.GetAsync("b"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task PutGetListDelete_NamesNeedingEscapes_AddressTheRightBlob(string name)
    {
        var container = await NewContainerAsync("names");
        await container.PutAsync(name, new byte[] { 9 });

        await using (var download = await container.GetAsync(name))
        {
            Assert.Equal(new byte[] { 9 }, await ReadAllAsync(download.Content));
        }

        var listed = new List<string>();
        await foreach (var page in container.ListAsync())
        {
            listed.AddRange(page.Blobs.Select(b => b.Name));
        }

        Assert.Equal([name], listed);
        Assert.True(await container.DeleteAsync(name));
    }

    [Fact]
    public async Task List_PrefixWithSmallPages_ReturnsEveryMatchInOrderAcrossPages()
    {
        var container = await NewContainerAsync("list");
        var names = Enumerable.Range(0, 7).Select(i => $"did:plc:a/{i:D2}").Concat(["did:plc:b/00", "other"]).ToList();
        foreach (var name in names)
        {
            await container.PutAsync(name, new byte[names.IndexOf(name) + 1]);
        }

        var pages = new List<BlobListPage>();
        await foreach (var page in container.ListAsync("did:plc:a/", pageSize: 3))
        {
            pages.Add(page);
        }

        var resumed = new List<string>();
        await foreach (var page in container.ListAsync("did:plc:a/", pageSize: 3, continuationToken: pages[0].ContinuationToken))
        {
            resumed.AddRange(page.Blobs.Select(b => b.Name));
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Blobs.Count));
        Assert.Null(pages[^1].ContinuationToken);
        Assert.Equal(names.Take(7), pages.SelectMany(p => p.Blobs).Select(b => b.Name));
        Assert.Equal(names.Skip(3).Take(4), resumed);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), pages.SelectMany(p => p.Blobs).Select(b => b.ContentLength));
        Assert.All(pages.SelectMany(p => p.Blobs), b => Assert.NotEqual(default, b.ETag));
    }

    [Fact]
    public async Task Operations_MissingContainer_ThrowNotFound()
    {
        var container = azurite.Connection.GetBlobContainerClient(azurite.NewContainerName("absent"));

        await Assert.ThrowsAsync<StorageNotFoundException>(() => container.PutAsync("b", new byte[] { 1 }));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => container.GetAsync("b"));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => container.ExistsAsync("b"));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => container.DeleteAsync("b"));
        await Assert.ThrowsAsync<StorageNotFoundException>(async () =>
        {
            await foreach (var page in container.ListAsync())
            {
                Assert.Fail($"unexpected page of {page.Blobs.Count}");
            }
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("ends.")]
    [InlineData("ends/")]
    [InlineData("/leading")]
    [InlineData("a//b")]
    [InlineData("back\\slash")]
    [InlineData("ctrl\u0001")]
    public async Task Put_InvalidBlobName_Throws(string name)
    {
        var container = azurite.Connection.GetBlobContainerClient("anything");

        await Assert.ThrowsAsync<ArgumentException>(() => container.PutAsync(name, new byte[] { 1 }));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<BlobContainerClient> NewContainerAsync(string hint)
    {
        var container = azurite.Connection.GetBlobContainerClient(azurite.NewContainerName(hint));
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
