using System.Text;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>Blob reference rows kept by the writer with each commit, and claims through the blob catalog.</summary>
public class RepoBlobReferenceTests
{
    /// <summary>Creates the harness each test runs on; a derived class runs these tests on other storage.</summary>
    internal virtual EngineHarness NewHarness() => new();

    internal static StoredBlob Upload(EngineHarness h, string content, string mimeType = "image/png", Did? did = null) =>
        h.Blobs.Add(did ?? h.Did, Encoding.UTF8.GetBytes(content), mimeType);

    /// <summary>A post with an <c>app.bsky.embed.images</c> union member holding each blob.</summary>
    internal static DataMap PostWithImages(string text, params StoredBlob[] blobs)
    {
        var post = EngineHarness.Post(text);
        var images = blobs.Select(b => (DataValue)DataMap.Of(("alt", DataValue.From(text)), ("image", new BlobRef(b.Cid, b.MimeType, b.Size).ToData())));
        var embed = DataMap.Of(("$type", DataValue.From("app.bsky.embed.images")), ("images", new DataArray(images)));
        return new DataMap(post.Entries.Append(KeyValuePair.Create("embed", (DataValue)embed)));
    }

    internal static RepoWrite Create(string rkey, params StoredBlob[] blobs) => RepoWrite.Create(EngineHarness.Posts, RecordKey.Parse(rkey), PostWithImages(rkey, blobs));

    internal static RepoWrite Update(string rkey, params StoredBlob[] blobs) => RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse(rkey), PostWithImages(rkey, blobs));

    internal static RepoWrite Delete(string rkey) => RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse(rkey));

    private static string Path(string rkey) => $"{EngineHarness.Posts}/{rkey}";

    [Fact]
    public async Task ApplyWritesAsync_CreateWithBlobs_ClaimsThemAndWritesOneRowPerBlob()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var a = Upload(h, "a");
        var b = Upload(h, "b", "image/jpeg");

        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", a, b, a)]);

        Assert.Equal(new[] { a.Cid, b.Cid }.Order(), h.Blobs.Claims.Where(c => c.Did == h.Did).Select(c => c.Cid).Order());
        var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did);
        Assert.Equal(new[] { a.Cid.ToString(), b.Cid.ToString() }.Order(StringComparer.Ordinal), expected.Keys);
        Assert.All(expected.Values, paths => Assert.Equal([Path("3a")], paths));
    }

    [Fact]
    public async Task ApplyWritesAsync_UpdateAndDelete_MoveAndDropRowsAndClaimOnlyNewBlobs()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var (a, b, c) = (Upload(h, "a"), Upload(h, "b"), Upload(h, "c"));
        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", a, b), Create("3b", c)]);
        h.Blobs.Claims.Clear();

        await writer.ApplyWritesAsync(h.Did, h.Key, [Update("3a", b, c)]);

        Assert.Equal([c.Cid], h.Blobs.Claims.Select(x => x.Cid));
        var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [a.Cid]);
        Assert.Equal([Path("3a"), Path("3b")], expected[c.Cid.ToString()]);

        await writer.ApplyWritesAsync(h.Did, h.Key, [Delete("3b")]);
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [a.Cid]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Put(EngineHarness.Posts, RecordKey.Parse("3a"), EngineHarness.Post("no images"))]);
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [a.Cid, b.Cid, c.Cid]);
        await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
    }

    [Fact]
    public async Task ApplyWritesAsync_BlobUsedByTwoRecords_StaysReferencedUntilBothAreDeleted()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var shared = Upload(h, "shared");
        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", shared)]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3b", shared)]);

        await writer.ApplyWritesAsync(h.Did, h.Key, [Delete("3a")]);

        var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did);
        Assert.Equal([Path("3b")], expected[shared.Cid.ToString()]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [Delete("3b")]);
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [shared.Cid]);
    }

    [Fact]
    public async Task ApplyWritesAsync_MixedWritesInOneCommit_RowsFollowEveryWrite()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blobs = Enumerable.Range(0, 6).Select(i => Upload(h, $"blob {i}")).ToArray();
        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", blobs[0]), Create("3b", blobs[1]), Create("3c", blobs[2])]);

        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3d", blobs[3], blobs[0]), Update("3a", blobs[4]), Delete("3b"), Update("3c", blobs[2], blobs[5])]);

        var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [blobs[1].Cid]);
        Assert.Equal([Path("3d")], expected[blobs[0].Cid.ToString()]);
        Assert.Equal(5, expected.Count);
    }

    [Fact]
    public async Task ApplyWritesAsync_AnotherAccountsBlob_ThrowsBlobNotFoundAndChangesNothing()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var mine = Upload(h, "mine");
        var theirs = Upload(h, "theirs", did: TestIds.Did(2));
        var head = await h.Repos.GetHeadAsync(h.Did);

        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", mine), Create("3b", theirs)]));

        Assert.Equal(400, e.Status);
        Assert.Equal(XrpcErrorName.BlobNotFound, e.Error);
        Assert.Equal($"Could not find blob: {theirs.Cid}", e.Message);
        Assert.Equal(head, await h.Repos.GetHeadAsync(h.Did));
        Assert.Null(await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Parse(Path("3a"))));
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [mine.Cid, theirs.Cid]);
        Assert.Equal(2, await h.Log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task ApplyWritesAsync_ClaimFails_ThrowsAndChangesNothing()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blob = Upload(h, "a");
        var head = await h.Repos.GetHeadAsync(h.Did);
        h.Blobs.FailClaims = true;

        await Assert.ThrowsAsync<IOException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", blob)]));

        Assert.Equal(head, await h.Repos.GetHeadAsync(h.Did));
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [blob.Cid]);
        h.Blobs.FailClaims = false;
        await writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", blob)]);
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did);
        await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
    }

    [Fact]
    public async Task ApplyWritesAsync_RefDisagreesWithStoredBlob_ThrowsInvalidMimeTypeOrInvalidSize()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blob = Upload(h, "a", "image/png");
        var head = await h.Repos.GetHeadAsync(h.Did);

        var mime = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", blob with { MimeType = "image/jpeg" })]));
        var size = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [Create("3a", blob with { Size = blob.Size + 1 })]));

        Assert.Equal((400, XrpcErrorName.InvalidMimeType), (mime.Status, mime.Error));
        Assert.Equal((400, XrpcErrorName.InvalidSize), (size.Status, size.Error));
        Assert.Equal(head, await h.Repos.GetHeadAsync(h.Did));
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [blob.Cid]);
    }

    [Fact]
    public async Task ApplyWritesAsync_LegacyRef_IsClaimedCheckedByMimeTypeAndReferenced()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blob = Upload(h, "legacy", "image/gif");
        DataMap Legacy(string mime) => DataMap.Of(("text", DataValue.From("old")), ("image", DataMap.Of(("cid", DataValue.From(blob.Cid.ToString())), ("mimeType", DataValue.From(mime)))));

        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, RecordKey.Parse("3a"), Legacy("image/png"))]));
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, RecordKey.Parse("3a"), Legacy("image/gif"))]);

        Assert.Equal(XrpcErrorName.InvalidMimeType, e.Error);
        var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did);
        Assert.Equal([blob.Cid.ToString()], expected.Keys);
    }

    [Fact]
    public async Task ApplyWritesAsync_MalformedBlob_ThrowsInvalidRequestAndChangesNothing()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var head = await h.Repos.GetHeadAsync(h.Did);
        var record = DataMap.Of(("image", DataMap.Of(("$type", DataValue.From("blob")), ("ref", DataValue.From(Upload(h, "a").Cid)), ("mimeType", DataValue.From("image/png")))));

        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, RecordKey.Parse("3a"), record)]));

        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
        Assert.Contains("image", e.Message, StringComparison.Ordinal);
        Assert.Equal(head, await h.Repos.GetHeadAsync(h.Did));
        Assert.Empty(h.Blobs.Claims);
    }

    [Fact]
    public async Task ApplyWritesAsync_LargeCommitsOfRecordsWithBlobs_KeepEveryRow()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blobs = Enumerable.Range(0, 200).Select(i => Upload(h, $"blob {i}")).ToArray();
        var shared = Upload(h, "shared");

        await writer.ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, 200).Select(i => Create($"3k{i:D3}", i % 10 == 0 ? [blobs[i], shared] : [blobs[i]]))]);
        await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, pageSize: 64);
        var fresh = Enumerable.Range(0, 200).Select(i => Upload(h, $"fresh {i}")).ToArray();
        await writer.ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? Delete($"3k{i:D3}") : Update($"3k{i:D3}", fresh[i]))]);

        var expected = await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, unreferenced: [shared.Cid, .. blobs.Select(b => b.Cid)], pageSize: 64);
        Assert.Equal(100, expected.Count);
        await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writer_CrashAtEveryPortCall_RowsMatchTheHeadAfterRecovery(bool afterCall)
    {
        var baseline = new FaultInjector();
        using (var clean = NewHarness())
        {
            await WriteThroughFaultsAsync(clean, baseline);
        }

        for (var step = 1; step <= baseline.Steps; step++)
        {
            using var h = NewHarness();
            var faults = new FaultInjector { CrashAtStep = step, AfterCall = afterCall };
            await WriteThroughFaultsAsync(h, faults);
            await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [Create("3zz")]);
            await BlobReferenceVerifier.VerifyAsync(h.Repos, h.Did, pageSize: 50);
        }
    }

    /// <summary>Creates a repo cleanly, then through <paramref name="faults"/> a 60-write commit with blobs and a commit that replaces half of them.</summary>
    private static async Task WriteThroughFaultsAsync(EngineHarness h, FaultInjector faults)
    {
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var blobs = Enumerable.Range(0, 90).Select(i => Upload(h, $"blob {i}")).ToArray();
        var writer = h.NewWriter(new FaultyRepoStore(h.Repos, faults));
        try
        {
            await writer.ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, 60).Select(i => Create($"3k{i:D2}", blobs[i], blobs[(i + 1) % 60]))]);
            await writer.ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? Delete($"3k{i:D2}") : Update($"3k{i:D2}", blobs[60 + (i / 2)]))]);
        }
        catch (SimulatedCrashException)
        {
        }
    }
}
