using System.Text.Json;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.StressWorker;

/// <summary>
/// One writer: <c>ops</c> single-write commits on its own records <c>p&lt;worker&gt;w&lt;writer&gt;n&lt;j&gt;</c>, in a
/// cycle of create, update (of that record), create, delete (of the first), each through the repo write serialiser,
/// printing an <see cref="AckLine"/> for each.
/// </summary>
internal static class WriterLoop
{
    public static readonly Nsid Collection = Nsid.Parse("app.bsky.feed.post");
    private static readonly object OutputLock = new();

    public static async Task RunAsync(IRepoWriteSerializer serializer, Did did, int worker, int index, int ops)
    {
        for (var j = 0; j < ops; j++)
        {
            var (action, n) = (j % 4) switch
            {
                0 => (RepoWriteAction.Create, j),
                1 => (RepoWriteAction.Update, j - 1),
                2 => (RepoWriteAction.Create, j),
                _ => (RepoWriteAction.Delete, j - 3),
            };
            var rkey = RecordKey.Parse($"p{worker}w{index}n{n}");
            var path = RepoPath.Create(Collection, rkey);
            var record = DataMap.Of(
                ("$type", DataValue.From(Collection.Value)),
                ("text", DataValue.From($"{path} op {j}")),
                ("createdAt", DataValue.From("2025-01-02T03:04:05.000Z")));
            Cid? cid = action == RepoWriteAction.Delete ? null : DagCbor.EncodeBlock(record).Cid;
            var write = action switch
            {
                RepoWriteAction.Create => RepoWrite.Create(Collection, rkey, record),
                RepoWriteAction.Update => RepoWrite.Update(Collection, rkey, record),
                _ => RepoWrite.Delete(Collection, rkey),
            };
            var op = action.ToString().ToLowerInvariant();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            long Elapsed() => (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            try
            {
                var result = await serializer.ApplyWritesAsync(did, [write]);
                Print(new AckLine(op, path.Value, cid?.ToString(), result.CommitCid.ToString(), result.Rev.Value, null, false, Elapsed()));
            }
            catch (XrpcException e)
            {
                var unknown = e.Status == 503 && e.Error.Value == "ServiceUnavailable";
                Print(new AckLine(op, path.Value, cid?.ToString(), null, null, $"{e.Error.Value}: {e.Message}", unknown, Elapsed()));
            }
            catch (Exception e)
            {
                Print(new AckLine(op, path.Value, cid?.ToString(), null, null, $"{e.GetType().Name}: {e.Message}", true, Elapsed()));
            }
        }
    }

    private static void Print(AckLine line)
    {
        var text = JsonSerializer.Serialize(line) + "\n";
        lock (OutputLock)
        {
            Console.Out.Write(text);
            Console.Out.Flush();
        }
    }
}
