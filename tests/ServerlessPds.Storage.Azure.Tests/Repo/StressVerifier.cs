using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>Checks a repo written by stress workers against what they reported.</summary>
internal static class StressVerifier
{
    /// <summary>
    /// Checks: the history from the head is one linear chain of commits whose signatures verify and whose revs increase
    /// (and every block and index row is there); the log holds each commit once, in order, with strictly increasing
    /// seqs; every acknowledged write is in the commit that acknowledged it; no definitely rejected write is anywhere;
    /// the final records are the state the history's ops produce. With <paramref name="exact"/> (nothing crashed, no
    /// outcome unknown) also: the history is exactly the first commit plus the acknowledged ones, and the final records
    /// are exactly the acknowledged final state.
    /// </summary>
    public static async Task<IReadOnlyList<Commit>> VerifyAsync(IRepoStore repos, IEventLog log, Did did, PublicKey key, IReadOnlyList<StressLine> lines, bool exact)
    {
        var chain = await RepoVerifier.VerifyRepoAsync(repos, did, key);
        await RepoVerifier.VerifyLogAsync(log, did, chain, key);
        var events = (await log.ReadAsync(0, 1_000_000)).Where(e => e.Did == did && e.Event.Type == CommitEvent.TypeName)
            .Select(e => (CommitEvent)e.Event.ToMessage()!).ToList();
        var opsByCommit = events.ToDictionary(e => e.Commit.ToString(), e => e.Ops);
        var acknowledged = lines.Where(l => l.Acknowledged).ToList();
        foreach (var ack in acknowledged)
        {
            Assert.True(opsByCommit.TryGetValue(ack.Commit!, out var ops), $"The acknowledged commit {ack.Commit} ({ack.Op} {ack.Path}) is not in the history.");
            Assert.Contains(ops, op => op.Path.Value == ack.Path && Name(op.Action) == ack.Op && op.Cid?.ToString() == ack.Cid);
        }

        var allOps = events.SelectMany(e => e.Ops).ToList();
        foreach (var rejected in lines.Where(l => !l.Acknowledged && !l.Unknown))
        {
            Assert.DoesNotContain(allOps, op => op.Path.Value == rejected.Path && Name(op.Action) == rejected.Op && op.Cid?.ToString() == rejected.Cid);
        }

        var fromHistory = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var op in allOps)
        {
            Apply(fromHistory, op.Path.Value, Name(op.Action), op.Cid?.ToString());
        }

        var records = await ListAsync(repos, did);
        Assert.Equal(fromHistory, records);
        if (exact)
        {
            Assert.DoesNotContain(lines, l => l.Unknown);
            Assert.Equal(1 + acknowledged.Count, chain.Count);
            var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var ack in acknowledged.OrderBy(a => a.Rev, StringComparer.Ordinal))
            {
                Apply(expected, ack.Path, ack.Op, ack.Cid);
            }

            Assert.Equal(expected, records);
        }

        return chain;
    }

    private static void Apply(SortedDictionary<string, string> state, string path, string op, string? cid)
    {
        if (op == "delete")
        {
            state.Remove(path);
        }
        else
        {
            state[path] = cid!;
        }
    }

    private static string Name(RepoOpAction action) => action switch
    {
        RepoOpAction.Create => "create",
        RepoOpAction.Update => "update",
        _ => "delete",
    };

    private static async Task<SortedDictionary<string, string>> ListAsync(IRepoStore repos, Did did)
    {
        var records = new SortedDictionary<string, string>(StringComparer.Ordinal);
        RecordKey? cursor = null;
        do
        {
            var page = await repos.ListRecordsAsync(did, EngineHarness.Posts, cursor, 1000, reverse: true);
            foreach (var record in page.Records)
            {
                records.Add(record.Path.Value, record.Cid.ToString());
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);
        return records;
    }
}
