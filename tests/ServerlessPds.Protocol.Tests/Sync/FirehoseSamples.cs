using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Sync;

/// <summary>Sample firehose messages covering every type and optional field.</summary>
internal static class FirehoseSamples
{
    public static readonly Did Did = Did.Parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
    public static readonly AtprotoDatetime Time = AtprotoDatetime.Parse("2024-01-02T03:04:05.678Z");
    public static readonly Tid Rev = Tid.Parse("3kznmn7xqxl22");

    public static Cid CidOf(string text) => Cid.ComputeDagCbor(DagCbor.Encode(DataValue.From(text)));

    public static RepoPath Path(string rkey) => RepoPath.Parse("app.bsky.feed.post/" + rkey);

    public static CommitEvent Commit(int opCount = 3, int blocksBytes = 64, bool first = false) => new()
    {
        Repo = Did,
        Commit = CidOf("commit"),
        Rev = Rev,
        Since = first ? null : Tid.Parse("3kznmn7xqxl2z"),
        Blocks = Enumerable.Range(0, blocksBytes).Select(i => (byte)i).ToArray(),
        Ops = Enumerable.Range(0, opCount).Select(i => (i % 3) switch
        {
            0 => RepoOp.Create(Path($"c{i}"), CidOf($"new{i}")),
            1 => RepoOp.Update(Path($"u{i}"), CidOf($"new{i}"), CidOf($"old{i}")),
            _ => RepoOp.Delete(Path($"d{i}"), CidOf($"old{i}")),
        }).ToArray(),
        PrevData = first ? null : CidOf("prevData"),
        Time = Time,
    };

    public static IEnumerable<(string Name, FirehoseMessage Message)> All()
    {
        yield return ("commit", Commit());
        yield return ("first commit", Commit(opCount: 0, first: true));
        yield return ("commit with blobs", new CommitEvent
        {
            Repo = Did, Commit = CidOf("c"), Rev = Rev, Since = null, Blocks = new byte[] { 1 }, Ops = [],
            Blobs = [CidOf("blob")], Time = Time,
        });
        yield return ("sync", new SyncEvent { Did = Did, Blocks = Encoding.ASCII.GetBytes("car"), Rev = Rev, Time = Time });
        yield return ("identity", new IdentityEvent { Did = Did, Time = Time });
        yield return ("identity with handle", new IdentityEvent { Did = Did, Time = Time, Handle = Handle.Parse("alice.example.com") });
        yield return ("account", new AccountEvent { Did = Did, Time = Time, Active = true });
        yield return ("account with status", new AccountEvent { Did = Did, Time = Time, Active = false, Status = "takendown" });
    }
}
