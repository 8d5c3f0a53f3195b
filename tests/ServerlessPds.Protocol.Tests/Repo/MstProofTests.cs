using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

public class MstProofTests
{
    [Fact]
    public async Task GetCoveringProofAsync_PresentAndAbsentKeys_ProofAloneAnswersLookup()
    {
        var random = new Random(31);
        var pairs = MstTestKeys.WithValues(MstTestKeys.Make(random, 600));
        var tree = Mst.Build(null, pairs.Take(500));
        var root = await tree.GetRootCidAsync();

        foreach (var (key, _) in pairs.Where((_, i) => i % 7 == 0))
        {
            var proof = new MemoryBlockStore(await tree.GetCoveringProofAsync(key));

            Assert.Equal(await tree.GetAsync(key), await Mst.Load(proof, root).GetAsync(key));
        }
    }

    [Fact]
    public async Task InvertAsync_RandomCommitsWithCoveringProofsOnly_ReproducesPreviousRoot()
    {
        var random = new Random(32);
        for (var round = 0; round < 150; round++)
        {
            var (before, after, changes) = await MstTestKeys.RandomCommit(random, random.Next(0, 200), random.Next(1, 10));
            var proof = new MemoryBlockStore();
            foreach (var change in changes)
            {
                foreach (var (cid, bytes) in await after.GetCoveringProofAsync(change.Key))
                {
                    proof.Put(cid, bytes);
                }
            }

            var inverted = await Mst.InvertAsync(proof, await after.GetRootCidAsync(), changes);

            Assert.Equal(await before.GetRootCidAsync(), inverted);
        }
    }

    [Fact]
    public async Task InvertAsync_ChangeDisagreesWithTree_ThrowsMstProofException()
    {
        var fixture = MstFixture.Read("random-10");
        var tree = Mst.Build(null, fixture.Entries);
        var store = await MstTestKeys.StoreOf(tree);
        var (key, value) = fixture.Entries[3];
        var other = MstFixture.ValueCid(99);

        await Assert.ThrowsAsync<MstProofException>(() => Mst.InvertAsync(store, fixture.Root, [MstChange.Update(key, value, other)]).AsTask());
        await Assert.ThrowsAsync<MstProofException>(() => Mst.InvertAsync(store, fixture.Root, [MstChange.Delete(key, value)]).AsTask());
        await Assert.ThrowsAsync<MstProofException>(() => Mst.InvertAsync(store, fixture.Root, [MstChange.Create("a/b", other)]).AsTask());
        await Assert.ThrowsAsync<MstProofException>(() => Mst.InvertAsync(store, fixture.Root, [MstChange.Create(key, value), MstChange.Update(key, other, value)]).AsTask());
    }
}
