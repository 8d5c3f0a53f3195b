using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Repo;

/// <summary>The official firehose commit-proof vectors: roots before and after, the proof blocks, and inversion.</summary>
public class CommitProofTests
{
    public static TheoryData<string> Fixtures() =>
        InteropVectors.Rows(InteropVectors.JsonArray("firehose/commit-proof-fixtures.json").Select(e => e.GetRawText()));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Fixture_BuildApplyProveAndInvert_MatchesVector(string json)
    {
        var fixture = Parse(json);
        var before = Mst.Build(null, fixture.Keys.Select(k => KeyValuePair.Create(k, fixture.Leaf)));
        Assert.Equal(fixture.RootBefore, await before.GetRootCidAsync());

        var store = new MemoryBlockStore(await before.GetNewBlocksAsync());
        var after = Mst.Load(store, fixture.RootBefore);
        var changes = new List<MstChange>();
        foreach (var key in fixture.Adds)
        {
            after = await after.AddAsync(key, fixture.Leaf);
            changes.Add(MstChange.Create(key, fixture.Leaf));
        }

        foreach (var key in fixture.Dels)
        {
            after = await after.DeleteAsync(key);
            changes.Add(MstChange.Delete(key, fixture.Leaf));
        }

        Assert.Equal(fixture.RootAfter, await after.GetRootCidAsync());

        var proof = new Dictionary<Cid, byte[]>();
        foreach (var change in changes)
        {
            foreach (var (cid, bytes) in await after.GetCoveringProofAsync(change.Key))
            {
                proof[cid] = bytes;
            }
        }

        Assert.Equal(fixture.Proof.ToHashSet(), proof.Keys.ToHashSet());

        var proofOnly = new MemoryBlockStore(proof.Select(p => (p.Key, p.Value)));
        Assert.Equal(fixture.RootBefore, await Mst.InvertAsync(proofOnly, fixture.RootAfter, changes));
        Assert.Equal(fixture.RootBefore, await Mst.InvertAsync(proofOnly, fixture.RootAfter, Enumerable.Reverse(changes)));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task InvertAsync_WrongOrMissingProof_Throws(string json)
    {
        var fixture = Parse(json);
        var blocks = Mst.Build(null, fixture.Keys.Concat(fixture.Adds).Except(fixture.Dels).Select(k => KeyValuePair.Create(k, fixture.Leaf)));
        var store = new MemoryBlockStore(await blocks.GetNewBlocksAsync());
        var other = FixtureValue("other");
        var creates = fixture.Adds.Select(k => MstChange.Create(k, other)).ToList();

        await Assert.ThrowsAsync<MstProofException>(() => Mst.InvertAsync(store, fixture.RootAfter, creates).AsTask());
        await Assert.ThrowsAsync<MissingBlockException>(() => Mst.InvertAsync(new MemoryBlockStore(), fixture.RootAfter, creates).AsTask());
    }

    private static Cid FixtureValue(string text) => DagCbor.EncodeBlock(DataValue.From(text)).Cid;

    private static Vector Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var e = doc.RootElement;
        string[] Strings(string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];
        return new Vector(
            Cid.Parse(e.GetProperty("leafValue").GetString()!),
            Strings("keys"),
            Strings("adds"),
            Strings("dels"),
            Cid.Parse(e.GetProperty("rootBeforeCommit").GetString()!),
            Cid.Parse(e.GetProperty("rootAfterCommit").GetString()!),
            [.. Strings("blocksInProof").Select(Cid.Parse)]);
    }

    private sealed record Vector(Cid Leaf, string[] Keys, string[] Adds, string[] Dels, Cid RootBefore, Cid RootAfter, Cid[] Proof);
}
