using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

/// <summary>Random valid MST keys for property tests, with extra high-depth keys so trees have several layers.</summary>
internal static class MstTestKeys
{
    private static readonly string[] Collections = ["app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.graph.follow", "com.example.x"];

    /// <summary>Makes <paramref name="count"/> distinct keys; about one in eight has depth 2 or more.</summary>
    public static List<string> Make(Random random, int count)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (keys.Count < count)
        {
            var key = $"{Collections[random.Next(Collections.Length)]}/{random.Next(1_000_000):x5}";
            if (keys.Count % 8 != 0 || MstKey.Depth(key) >= 2)
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    /// <summary>Pairs each key with a value derived from it and <paramref name="version"/>.</summary>
    public static List<KeyValuePair<string, Cid>> WithValues(IEnumerable<string> keys, int version = 0) =>
        [.. keys.Select(k => KeyValuePair.Create(k, MstFixture.ValueCid((k.GetHashCode(StringComparison.Ordinal) & 0xffff) + (version << 16))))];

    /// <summary>Loads a tree afresh from a store holding the blocks of <paramref name="trees"/>, so nothing is cached.</summary>
    public static async Task<MemoryBlockStore> StoreOf(params Mst[] trees)
    {
        var store = new MemoryBlockStore();
        foreach (var tree in trees)
        {
            await foreach (var (cid, bytes) in tree.WalkBlocksAsync())
            {
                store.Put(cid, bytes);
            }
        }

        return store;
    }

    /// <summary>Builds a random tree and applies up to <paramref name="ops"/> creates, updates and deletes, each key once.</summary>
    public static async Task<(Mst Before, Mst After, List<MstChange> Changes)> RandomCommit(Random random, int size, int ops)
    {
        var keys = Make(random, size + ops);
        var before = Mst.Build(null, WithValues(keys.Take(size)));
        var after = before;
        var changes = new List<MstChange>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ops; i++)
        {
            var choice = size == 0 ? 0 : random.Next(3);
            var key = choice == 0 ? keys[size + i] : keys[random.Next(size)];
            if (!touched.Add(key))
            {
                continue;
            }

            var value = MstFixture.ValueCid(2_000_000 + i);
            var previous = await before.GetAsync(key);
            (after, var change) = choice switch
            {
                0 => (await after.AddAsync(key, value), MstChange.Create(key, value)),
                1 => (await after.UpdateAsync(key, value), MstChange.Update(key, previous!.Value, value)),
                _ => (await after.DeleteAsync(key), MstChange.Delete(key, previous!.Value)),
            };
            changes.Add(change);
        }

        return (before, after, changes);
    }
}
