using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

/// <summary>Hand-made node blocks that break one rule each: loading them throws <see cref="MstFormatException"/>.</summary>
public class MstFormatTests
{
    // Keys from interop mst/example_keys.txt, whose depth is the digit after the letter (checked by MstKeyTests).
    private const string A0 = "A0/374913";
    private const string B0 = "B0/601692";
    private const string C0 = "C0/451630";
    private const string A1 = "A1/076595";
    private const string B1 = "B1/986427";
    private const string C2 = "C2/014073";

    private static readonly Cid Leaf = MstFixture.ValueCid(1);

    public static TheoryData<string> Cases() => new(MalformedTrees().Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Load_MalformedTree_ThrowsMstFormatException(string name)
    {
        var (store, root) = MalformedTrees()[name]();
        var tree = Mst.Load(store, root);

        await Assert.ThrowsAsync<MstFormatException>(async () => await tree.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task Load_WellFormedHandMadeTree_ListsKeys()
    {
        var store = new MemoryBlockStore();
        var low = store.Put(Node(null, E(0, A0)));
        var mid = store.Put(Node(null, E(0, B0)));
        var root = store.Put(Node(low, E(0, A1, mid), E(0, B1)));

        var keys = await Mst.Load(store, root).ListAsync().Select(p => p.Key).ToListAsync();

        Assert.Equal([A0, A1, B0, B1], keys);
        Assert.Equal(root, await Mst.Build(null, keys.Select(k => KeyValuePair.Create(k, Leaf))).GetRootCidAsync());
    }

    private static Dictionary<string, Func<(MemoryBlockStore, Cid)>> MalformedTrees() => new()
    {
        ["not a map"] = () => Single(DagCbor.Encode(new DataArray([DataValue.Null]))),
        ["missing l"] = () => Single(DagCbor.Encode(DataMap.Of(("e", new DataArray([]))))),
        ["extra field"] = () => Single(DagCbor.Encode(DataMap.Of(("e", new DataArray([])), ("l", DataValue.Null), ("x", DataValue.From(1))))),
        ["e not an array"] = () => Single(DagCbor.Encode(DataMap.Of(("e", DataValue.Null), ("l", DataValue.Null)))),
        ["l an integer"] = () => Single(DagCbor.Encode(DataMap.Of(("e", new DataArray([])), ("l", DataValue.From(0))))),
        ["entry missing t"] = () => Single(Node(null, DataMap.Of(("k", Bytes(A0)), ("p", DataValue.From(0)), ("v", DataValue.From(Leaf))))),
        ["p a string"] = () => Single(Node(null, Entry("0", A0, Leaf, null))),
        ["k a string"] = () => Single(Node(null, DataMap.Of(("k", DataValue.From(A0)), ("p", DataValue.From(0)), ("t", DataValue.Null), ("v", DataValue.From(Leaf))))),
        ["v null"] = () => Single(Node(null, DataMap.Of(("k", Bytes(A0)), ("p", DataValue.From(0)), ("t", DataValue.Null), ("v", DataValue.Null)))),
        ["first p not 0"] = () => Single(Node(null, E(1, A0))),
        ["p beyond previous key"] = () => Single(Node(null, E(0, A0), Entry(20, "x", Leaf, null))),
        ["p shorter than shared prefix"] = () => Single(Node(null, E(0, "A0/3"), Entry(3, "4", Leaf, null))),
        ["keys out of order"] = () => Single(Node(null, E(0, B0), E(0, A0))),
        ["duplicate key"] = () => Single(Node(null, E(0, A0), Entry(9, string.Empty, Leaf, null))),
        ["invalid key characters"] = () => Single(Node(null, E(0, "A0 374913"))),
        ["key without collection"] = () => Single(Node(null, E(0, "A0374913"))),
        ["keys of two depths"] = () => Single(Node(null, E(0, A0), E(0, A1))),
        ["layer 0 with t"] = () => WithChild(child => Node(null, Entry(0, A0, Leaf, child)), Node(null, E(0, B0))),
        ["empty child"] = () => WithChild(child => Node(child, E(0, A1)), Node(null)),
        ["root holds only l"] = () => WithChild(child => Node(child), Node(null, E(0, A0))),
        ["child out of range"] = () => WithChild(child => Node(child, E(0, A1)), Node(null, E(0, C0))),
        ["child skips a layer"] = () => WithChild(child => Node(child, E(0, C2)), Node(null, E(0, A0))),
        ["wrong hash"] = () =>
        {
            var store = new MemoryBlockStore();
            store.Put(Cid.ComputeDagCbor(Encoding.ASCII.GetBytes("other")), Node(null, E(0, A0)));
            return (store, Cid.ComputeDagCbor(Encoding.ASCII.GetBytes("other")));
        },
    };

    private static (MemoryBlockStore, Cid) Single(byte[] block)
    {
        var store = new MemoryBlockStore();
        return (store, store.Put(block));
    }

    private static (MemoryBlockStore, Cid) WithChild(Func<Cid, byte[]> parent, byte[] child)
    {
        var store = new MemoryBlockStore();
        var childCid = store.Put(child);
        return (store, store.Put(parent(childCid)));
    }

    private static byte[] Node(Cid? left, params DataValue[] entries) =>
        DagCbor.Encode(DataMap.Of(("e", new DataArray(entries)), ("l", left is { } l ? DataValue.From(l) : DataValue.Null)));

    private static DataValue E(int prefix, string suffix, Cid? right = null) => Entry(prefix, suffix, Leaf, right);

    private static DataValue Entry(object prefix, string suffix, Cid value, Cid? right) => DataMap.Of(
        ("k", Bytes(suffix)),
        ("p", prefix is int p ? DataValue.From(p) : DataValue.From((string)prefix)),
        ("t", right is { } r ? DataValue.From(r) : DataValue.Null),
        ("v", DataValue.From(value)));

    private static DataValue Bytes(string s) => DataValue.From(Encoding.ASCII.GetBytes(s));
}
