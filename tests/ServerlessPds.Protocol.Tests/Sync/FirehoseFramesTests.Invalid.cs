using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Protocol.Tests.Sync;

public partial class FirehoseFramesTests
{
    public static TheoryData<string> InvalidFrames() =>
    [
        "header only", "trailing bytes", "header not a map", "body not a map", "unknown op", "message without t",
        "error with t", "error without error", "commit without seq", "negative seq", "too many ops", "blocks too large",
        "sync blocks too large", "bad did", "bad rev", "bad time", "since missing", "create with prev",
        "delete with cid", "unknown action", "bad path", "blob not a link", "not cbor", "empty",
    ];

    [Theory]
    [MemberData(nameof(InvalidFrames))]
    public void Decode_InvalidFrame_ThrowsFirehoseFormatException(string name)
    {
        var frame = InvalidFrame(name);

        Assert.Throws<FirehoseFormatException>(() => FirehoseFrames.Decode(frame));
    }

    [Fact]
    public void Decode_MutatedFrames_ThrowOnlyFirehoseFormatException()
    {
        var random = new Random(1234);
        var frames = FirehoseSamples.All().Select(m => FirehoseFrames.Encode(m.Message, 99)).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var frame = (byte[])frames[random.Next(frames.Length)].Clone();
            if (random.Next(3) == 0)
            {
                frame = frame[..random.Next(frame.Length)];
            }
            else
            {
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    frame[random.Next(frame.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                FirehoseFrames.Decode(frame);
            }
            catch (FirehoseFormatException)
            {
            }
        }
    }

    private static byte[] InvalidFrame(string name)
    {
        var commitHeader = FrameHeader.Message(CommitEvent.TypeName).ToDataMap();
        var commit = FirehoseSamples.Commit().ToBody();
        return name switch
        {
            "header only" => DagCbor.Encode(commitHeader),
            "trailing bytes" => [.. Frame(commitHeader, With(commit, "seq", DataValue.From(1))), 0x00],
            "header not a map" => Frame(DataValue.From(1), With(commit, "seq", DataValue.From(1))),
            "body not a map" => Frame(commitHeader, DataValue.From("body")),
            "unknown op" => Frame(DataMap.Of(("op", DataValue.From(2)), ("t", DataValue.From("#commit"))), commit),
            "message without t" => Frame(DataMap.Of(("op", DataValue.From(1))), commit),
            "error with t" => Frame(DataMap.Of(("op", DataValue.From(-1)), ("t", DataValue.From("#x"))), DataMap.Of(("error", DataValue.From("E")))),
            "error without error" => Frame(FrameHeader.Error.ToDataMap(), DataMap.Of(("message", DataValue.From("m")))),
            "commit without seq" => Frame(commitHeader, commit),
            "negative seq" => Frame(commitHeader, With(commit, "seq", DataValue.From(-1))),
            "too many ops" => FirehoseFrames.Encode(FirehoseSamples.Commit(opCount: SyncLimits.MaxOpsPerCommit + 1), 1),
            "blocks too large" => FirehoseFrames.Encode(FirehoseSamples.Commit(blocksBytes: SyncLimits.MaxCommitBlocksBytes + 1), 1),
            "sync blocks too large" => FirehoseFrames.Encode(
                new SyncEvent { Did = FirehoseSamples.Did, Blocks = new byte[SyncLimits.MaxSyncBlocksBytes + 1], Rev = FirehoseSamples.Rev, Time = FirehoseSamples.Time }, 1),
            "bad did" => Frame(commitHeader, With(With(commit, "repo", DataValue.From("did:bad")), "seq", DataValue.From(1))),
            "bad rev" => Frame(commitHeader, With(With(commit, "rev", DataValue.From("notatid")), "seq", DataValue.From(1))),
            "bad time" => Frame(commitHeader, With(With(commit, "time", DataValue.From("yesterday")), "seq", DataValue.From(1))),
            "since missing" => Frame(commitHeader, new DataMap(With(commit, "seq", DataValue.From(1)).Entries.Where(e => e.Key != "since"))),
            "create with prev" => OpFrame(DataMap.Of(("action", DataValue.From("create")), ("path", DataValue.From("a.b.c/k")), ("cid", DataValue.From(FirehoseSamples.CidOf("x"))), ("prev", DataValue.From(FirehoseSamples.CidOf("y"))))),
            "delete with cid" => OpFrame(DataMap.Of(("action", DataValue.From("delete")), ("path", DataValue.From("a.b.c/k")), ("cid", DataValue.From(FirehoseSamples.CidOf("x"))))),
            "unknown action" => OpFrame(DataMap.Of(("action", DataValue.From("move")), ("path", DataValue.From("a.b.c/k")), ("cid", DataValue.Null))),
            "bad path" => OpFrame(DataMap.Of(("action", DataValue.From("delete")), ("path", DataValue.From("no-slash")), ("cid", DataValue.Null))),
            "blob not a link" => Frame(commitHeader, With(With(commit, "blobs", new DataArray([DataValue.From("x")])), "seq", DataValue.From(1))),
            "not cbor" => [0xff, 0xff],
            "empty" => [],
            _ => throw new ArgumentException(name),
        };

        byte[] OpFrame(DataMap op) => Frame(commitHeader, With(With(commit, "ops", new DataArray([op])), "seq", DataValue.From(1)));
    }

    private static DataMap With(DataMap map, string key, DataValue value) =>
        new(map.Entries.Where(e => e.Key != key).Append(KeyValuePair.Create(key, value)));

    private static byte[] Frame(DataValue header, DataValue body) => [.. DagCbor.Encode(header), .. DagCbor.Encode(body)];
}
