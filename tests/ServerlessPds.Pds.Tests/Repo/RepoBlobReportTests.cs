using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Pds.Tests.Repo;

public sealed class RepoBlobReportTests
{
    /// <summary>A repo of 12 records, each referencing its own blob; the blobs of the odd ones and of the last are gone.</summary>
    private static async Task<(EngineHarness Harness, RepoBlobReport Report, List<BlobReference> Missing)> RepoAsync()
    {
        var h = new EngineHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var blobs = Enumerable.Range(0, 12).Select(i => RepoBlobReferenceTests.Upload(h, $"blob {i}")).ToArray();
        await writer.ApplyWritesAsync(h.Did, h.Key, [.. blobs.Select((b, i) => RepoBlobReferenceTests.Create($"3k{i:D2}", b))]);
        var missing = blobs.Select((b, i) => (Blob: b, Index: i)).Where(x => x.Index % 2 == 1 || x.Index == 10)
            .Select(x => new BlobReference(x.Blob.Cid, Protocol.Syntax.RepoPath.Parse($"{EngineHarness.Posts}/3k{x.Index:D2}")))
            .OrderBy(r => r.Cid.ToString(), StringComparer.Ordinal).ToList();
        foreach (var reference in missing)
        {
            h.Blobs.Remove(h.Did, reference.Cid);
        }

        return (h, new RepoBlobReport((IBlobReferenceIndex)h.Repos, h.Blobs), missing);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task ListMissingAsync_Paged_ListsEveryMissingBlobOnceInCidOrder(int limit)
    {
        var (h, report, missing) = await RepoAsync();
        using var disposeHarness = h;
        var listed = new List<BlobReference>();
        string? cursor = null;
        var sizes = new List<int>();
        do
        {
            var page = await report.ListMissingAsync(h.Did, cursor, limit);
            listed.AddRange(page.Blobs);
            sizes.Add(page.Blobs.Count);
            cursor = page.Cursor;
        }
        while (cursor is not null && sizes.Count < 100);

        Assert.Equal(missing, listed);
        Assert.All(sizes[..^1], size => Assert.Equal(limit, size));
        Assert.InRange(sizes[^1], 0, limit);
    }

    [Fact]
    public async Task CountAsync_SomeBlobsGone_CountsReferencedAndHeld()
    {
        var (h, report, missing) = await RepoAsync();
        using var disposeHarness = h;

        var counts = await report.CountAsync(h.Did);

        Assert.Equal(new BlobReferenceCounts(12, 12 - missing.Count), counts);
        Assert.Equal(new BlobReferenceCounts(0, 0), await report.CountAsync(TestIds.Did(9)));
    }
}
