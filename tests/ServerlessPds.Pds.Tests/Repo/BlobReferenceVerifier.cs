using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>Checks a store's blob reference rows against the blob refs of the records at the repo's head.</summary>
internal static class BlobReferenceVerifier
{
    /// <summary>Reads every record at the head and returns the record paths referencing each blob.</summary>
    public static async Task<SortedDictionary<string, SortedSet<string>>> ExpectedAsync(IRepoStore repos, Did did)
    {
        var expected = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var head = await repos.GetHeadAsync(did) ?? throw new InvalidOperationException("No repo.");
        await foreach (var entry in Mst.Load(new RepoVerifier.StoreBlockSource(repos, did), head.DataCid).ListAsync())
        {
            var bytes = await repos.GetBlockAsync(did, entry.Value) ?? throw new InvalidOperationException($"Record {entry.Key} is missing.");
            foreach (var found in BlobRefFinder.Find(DagCbor.Decode(bytes.Span)).Refs)
            {
                if (!expected.TryGetValue(found.Cid.ToString(), out var paths))
                {
                    expected[found.Cid.ToString()] = paths = new SortedSet<string>(StringComparer.Ordinal);
                }

                paths.Add(entry.Key);
            }
        }

        return expected;
    }

    /// <summary>
    /// Asserts that the listing (paged by <paramref name="pageSize"/>) holds exactly the blobs the records reference,
    /// in CID string order, each with its first referencing path; that each is referenced; and that each of
    /// <paramref name="unreferenced"/> is not. Returns the expected references.
    /// </summary>
    public static async Task<SortedDictionary<string, SortedSet<string>>> VerifyAsync(
        IRepoStore repos, Did did, IEnumerable<Cid>? unreferenced = null, int pageSize = 3)
    {
        var index = Assert.IsAssignableFrom<IBlobReferenceIndex>(repos);
        var expected = await ExpectedAsync(repos, did);
        var listed = new List<BlobReference>();
        string? cursor = null;
        do
        {
            var page = await index.ListReferencedBlobsAsync(did, cursor, pageSize);
            Assert.True(page.Blobs.Count <= pageSize);
            listed.AddRange(page.Blobs);
            cursor = page.Cursor;
        }
        while (cursor is not null);

        Assert.Equal(expected.Select(e => (e.Key, e.Value.Min!)), listed.Select(b => (b.Cid.ToString(), b.Path.Value)));
        foreach (var cid in expected.Keys)
        {
            Assert.True(await index.IsReferencedAsync(did, Cid.Parse(cid)), $"{cid} should be referenced");
        }

        foreach (var cid in unreferenced ?? [])
        {
            Assert.False(await index.IsReferencedAsync(did, cid), $"{cid} should not be referenced");
        }

        return expected;
    }
}
