using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests;

/// <summary>Identifiers and small values for tests.</summary>
internal static class TestIds
{
    public static Did Did(int n = 0) => Protocol.Syntax.Did.Parse($"did:plc:test{n:d4}aaaaaaaaaaaaaaaaaa");

    public static Cid Cid(string seed) => Protocol.Data.Cid.ComputeDagCbor(DagCbor.Encode(DataValue.From(seed)));

    public static Tid Rev(long n) => Tid.FromTime(1_700_000_000_000_000 + n, 0);

    public static RepoPath Path(string collection, string rkey) => RepoPath.Parse($"{collection}/{rkey}");

    public static StoredEvent Event(string name) => new("#test", DagCbor.Encode(DataMap.Of(("name", DataValue.From(name)))));
}
