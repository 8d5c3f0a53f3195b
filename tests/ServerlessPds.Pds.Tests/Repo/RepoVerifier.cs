using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>Checks the invariants: a repo whose history verifies and is complete, and a log that carries it exactly once, in order.</summary>
internal static class RepoVerifier
{
    /// <summary>
    /// Checks the stored repo: the head commit and every earlier one (through <c>prev</c>) verify with
    /// <paramref name="key"/>, revs increase, every MST node and record block is present, and the record index equals
    /// the MST. Returns the commits, oldest first.
    /// </summary>
    public static async Task<IReadOnlyList<Commit>> VerifyRepoAsync(IRepoStore repos, Did did, PublicKey key)
    {
        var head = await repos.GetHeadAsync(did) ?? throw new InvalidOperationException("No repo.");
        var chain = new List<Commit>();
        for (Cid? cid = head.CommitCid; cid is { } c; cid = chain[^1].Prev)
        {
            var bytes = await repos.GetBlockAsync(did, c) ?? throw new InvalidOperationException($"Commit block {c} is missing.");
            var commit = Commit.Decode(bytes.Span);
            Assert.Equal(c, commit.Cid);
            Assert.Equal(did, commit.Did);
            Assert.True(commit.Verify(key), $"Commit {c} does not verify.");
            chain.Add(commit);
        }

        chain.Reverse();
        Assert.Equal(head.Rev, chain[^1].Rev);
        Assert.Equal(head.DataCid, chain[^1].Data);
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.True(chain[i].Rev > chain[i - 1].Rev, "Revs must increase along the history.");
        }

        var source = new StoreBlockSource(repos, did);
        var tree = Mst.Load(source, head.DataCid);
        await foreach (var _ in tree.WalkBlocksAsync())
        {
        }

        var entries = new List<KeyValuePair<string, Cid>>();
        await foreach (var entry in tree.ListAsync())
        {
            entries.Add(entry);
            Assert.NotNull(await repos.GetBlockAsync(did, entry.Value));
            Assert.Equal(entry.Value, await repos.GetRecordCidAsync(did, RepoPath.Parse(entry.Key)));
        }

        foreach (var collection in entries.Select(e => RepoPath.Parse(e.Key).Collection).Append(EngineHarness.Posts).Distinct())
        {
            var page = await repos.ListRecordsAsync(did, collection, null, 100_000, reverse: true);
            Assert.Equal(entries.Where(e => RepoPath.Parse(e.Key).Collection == collection).Select(e => e.Key), page.Records.Select(r => r.Path.Value));
        }

        return chain;
    }

    /// <summary>
    /// Checks the log against the history: seqs strictly increase; the DID's <c>#commit</c> events are exactly the
    /// commits, once each, in order, each with the right <c>since</c> and <c>prevData</c>, a CAR slice rooted at the
    /// commit that verifies, and ops that invert the commit's MST to <c>prevData</c>; a <c>#sync</c> follows the first.
    /// </summary>
    public static async Task VerifyLogAsync(IEventLog log, Did did, IReadOnlyList<Commit> chain, PublicKey key)
    {
        var events = await log.ReadAsync(0, 1_000_000);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].Seq > events[i - 1].Seq, "Seqs must strictly increase.");
        }

        var mine = events.Where(e => e.Did == did).ToList();
        var commits = mine.Where(e => e.Event.Type == CommitEvent.TypeName).Select(e => (CommitEvent)e.Event.ToMessage()!).ToList();
        Assert.Equal(chain.Select(c => c.Cid), commits.Select(e => e.Commit));
        Assert.Equal(SyncEvent.TypeName, mine[1].Event.Type);
        Assert.Equal(chain[0].Rev, ((SyncEvent)mine[1].Event.ToMessage()!).Rev);
        for (var i = 0; i < commits.Count; i++)
        {
            var evt = commits[i];
            Assert.Equal(chain[i].Rev, evt.Rev);
            Assert.Equal(i == 0 ? null : chain[i - 1].Rev, evt.Since);
            Assert.Equal(i == 0 ? null : chain[i - 1].Data, evt.PrevData);
            var car = CarReader.ReadAll(evt.Blocks.Span);
            Assert.Equal([evt.Commit], car.Roots);
            Assert.True(car.TryGetBlock(evt.Commit, out var commitBytes));
            Assert.True(Commit.Decode(commitBytes.Span).Verify(key));
            var proof = new MemoryBlockStore(car.Blocks.Select(b => (b.Cid, b.Bytes.ToArray())));
            var changes = evt.Ops.Select(op => op.Action switch
            {
                RepoOpAction.Create => MstChange.Create(op.Path.Value, op.Cid!.Value),
                RepoOpAction.Update => MstChange.Update(op.Path.Value, op.Prev!.Value, op.Cid!.Value),
                _ => MstChange.Delete(op.Path.Value, op.Prev!.Value),
            });
            var inverted = await Mst.InvertAsync(proof, chain[i].Data, changes);
            if (evt.PrevData is { } prevData)
            {
                Assert.Equal(prevData, inverted);
            }
            else
            {
                Assert.Empty(evt.Ops);
            }
        }
    }

    internal sealed class StoreBlockSource(IRepoStore repos, Did did) : IBlockSource
    {
        public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            await repos.GetBlockAsync(did, cid, cancellationToken);
    }
}
