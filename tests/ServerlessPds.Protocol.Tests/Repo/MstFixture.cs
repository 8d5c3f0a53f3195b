using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Repo;

/// <summary>One reference MST fixture from <c>tests/fixtures/mst-reference</c> (made with @atproto/repo; see its README).</summary>
internal sealed record MstFixture(
    string Name,
    Cid Root,
    int NodeCount,
    IReadOnlyList<KeyValuePair<string, Cid>> Entries,
    Cid RootAfterDelete,
    IReadOnlyList<string> Deleted,
    Cid RootAfterUpdate,
    IReadOnlyList<KeyValuePair<string, Cid>> Updated)
{
    public static string Folder => Path.Combine(InteropVectors.RepoRoot, "tests", "fixtures", "mst-reference");

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static MstFixture Read(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, name + ".json")));
        var root = doc.RootElement;
        var deleted = root.GetProperty("afterDelete");
        var updated = root.GetProperty("afterUpdate");
        return new MstFixture(
            name,
            Cid.Parse(root.GetProperty("root").GetString()!),
            root.GetProperty("nodeCount").GetInt32(),
            Pairs(root.GetProperty("entries")),
            Cid.Parse(deleted.GetProperty("root").GetString()!),
            [.. deleted.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()!)],
            Cid.Parse(updated.GetProperty("root").GetString()!),
            Pairs(updated.GetProperty("updated")));
    }

    /// <summary>A CID for test values: the DAG-CBOR CID of a small map holding <paramref name="n"/>.</summary>
    public static Cid ValueCid(int n) => DagCbor.EncodeBlock(DataMap.Of(("n", DataValue.From(n)))).Cid;

    private static List<KeyValuePair<string, Cid>> Pairs(JsonElement array) =>
        [.. array.EnumerateArray().Select(p => KeyValuePair.Create(p[0].GetString()!, Cid.Parse(p[1].GetString()!)))];
}
