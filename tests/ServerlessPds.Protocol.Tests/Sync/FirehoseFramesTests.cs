using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Protocol.Tests.Sync;

public partial class FirehoseFramesTests
{
    public static TheoryData<string> MessageNames() => [.. FirehoseSamples.All().Select(m => m.Name)];

    public static TheoryData<string, long> MessagesAndSeqs()
    {
        var data = new TheoryData<string, long>();
        foreach (var (name, _) in FirehoseSamples.All())
        {
            foreach (var seq in new long[] { 1, 23, 24, 255, 65_536, 4_294_967_296, long.MaxValue })
            {
                data.Add(name, seq);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Decode_EncodedMessage_RoundTripsToSameBytes(string name)
    {
        var message = Sample(name);
        var frame = FirehoseFrames.Encode(message, 42);

        var decoded = FirehoseFrames.Decode(frame);

        Assert.Equal(42, decoded.Seq);
        Assert.Equal(message.Type, decoded.Header.Type);
        Assert.Equal(FrameHeader.MessageOp, decoded.Header.Op);
        Assert.NotNull(decoded.Message);
        Assert.IsType(message.GetType(), decoded.Message);
        Assert.Equal(frame, FirehoseFrames.Encode(decoded.Message, 42));
        Assert.Equal(DagCbor.Encode(message.ToBody()), DagCbor.Encode(decoded.Message.ToBody()));
    }

    [Theory]
    [MemberData(nameof(MessagesAndSeqs))]
    public void EncodeStored_AnySeq_EqualsDirectEncoding(string name, long seq)
    {
        var message = Sample(name);
        var stored = StoredEvent.From(message);

        Assert.Equal(FirehoseFrames.Encode(message, seq), stored.ToFrame(seq));
        Assert.False(DagCbor.Decode(stored.Body.Span) is DataMap m && m.TryGetValue("seq", out _));
        Assert.Equal(stored.Body.ToArray(), StoredEvent.From(stored.ToMessage()!).Body.ToArray());
    }

    [Fact]
    public void Encode_Commit_UsesExactLexiconFieldNames()
    {
        var decoded = FirehoseFrames.Decode(FirehoseFrames.Encode(FirehoseSamples.Commit(), 5));

        Assert.Equal(
            ["blobs", "blocks", "commit", "ops", "prevData", "rebase", "repo", "rev", "seq", "since", "time", "tooBig"],
            decoded.Body.Entries.Keys.Order(StringComparer.Ordinal));
        var ops = Assert.IsType<DataArray>(decoded.Body["ops"]).Items.Cast<DataMap>().ToArray();
        Assert.Equal(["action", "cid", "path"], ops[0].Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["action", "cid", "path", "prev"], ops[1].Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DataValue.Null, ops[2]["cid"]);
        Assert.Equal(["create", "update", "delete"], ops.Select(o => o.GetString("action")));
        Assert.Equal(DataValue.From(false), decoded.Body["rebase"]);
        Assert.Equal(DataValue.From(false), decoded.Body["tooBig"]);
    }

    [Fact]
    public void Encode_FirstCommit_HasNullSinceAndNoPrevData()
    {
        var decoded = FirehoseFrames.Decode(FirehoseFrames.Encode(FirehoseSamples.Commit(first: true), 1));

        Assert.Equal(DataValue.Null, decoded.Body["since"]);
        Assert.False(decoded.Body.TryGetValue("prevData", out _));
    }

    [Fact]
    public void Encode_Identity_IsCanonicalBytes()
    {
        var message = new IdentityEvent { Did = FirehoseSamples.Did, Time = FirehoseSamples.Time };
        var expected = "a2" + "61" + Hex("t") + "69" + Hex("#identity") + "62" + Hex("op") + "01"
            + "a3" + "63" + Hex("did") + "7820" + Hex(FirehoseSamples.Did.Value) + "63" + Hex("seq") + "07"
            + "64" + Hex("time") + "7818" + Hex(FirehoseSamples.Time.Value);

        Assert.Equal(expected, Convert.ToHexStringLower(FirehoseFrames.Encode(message, 7)));
        Assert.Equal(expected, Convert.ToHexStringLower(StoredEvent.From(message).ToFrame(7)));
    }

    [Fact]
    public void Encode_ErrorAndInfo_AreCanonicalBytes()
    {
        Assert.Equal(
            "a1" + "62" + Hex("op") + "20" + "a1" + "65" + Hex("error") + "6c" + Hex("FutureCursor"),
            Convert.ToHexStringLower(FirehoseFrames.Encode(new ErrorFrame(ErrorFrame.FutureCursor))));
        Assert.Equal(
            "a2" + "61" + Hex("t") + "65" + Hex("#info") + "62" + Hex("op") + "01" + "a1" + "64" + Hex("name") + "6e" + Hex("OutdatedCursor"),
            Convert.ToHexStringLower(FirehoseFrames.Encode(new InfoEvent { Name = InfoEvent.OutdatedCursor })));
    }

    [Fact]
    public void Decode_ErrorFrame_ReturnsError()
    {
        var decoded = FirehoseFrames.Decode(FirehoseFrames.Encode(new ErrorFrame(ErrorFrame.ConsumerTooSlow, "slow")));

        Assert.Equal(FrameHeader.ErrorOp, decoded.Header.Op);
        Assert.Null(decoded.Header.Type);
        Assert.Equal(new ErrorFrame("ConsumerTooSlow", "slow"), decoded.Error);
        Assert.Null(decoded.Message);
        Assert.Null(decoded.Seq);
    }

    [Fact]
    public void Decode_UnknownTypeAndFields_KeepsBodyWithoutMessage()
    {
        var header = DataMap.Of(("op", DataValue.From(1)), ("t", DataValue.From("#future")));
        var body = DataMap.Of(("seq", DataValue.From(3)), ("x", DataValue.From("y")));
        var decoded = FirehoseFrames.Decode([.. DagCbor.Encode(header), .. DagCbor.Encode(body)]);

        Assert.Null(decoded.Message);
        Assert.Equal(3, decoded.Seq);
        Assert.Equal(body, decoded.Body);

        var identity = new IdentityEvent { Did = FirehoseSamples.Did, Time = FirehoseSamples.Time }.ToBody();
        var extended = new DataMap(identity.Entries.Append(KeyValuePair.Create("seq", DataValue.From(1)))
            .Append(KeyValuePair.Create("newField", DataValue.From(true))));
        var withExtra = FirehoseFrames.Decode([.. DagCbor.Encode(FrameHeader.Message("#identity").ToDataMap()), .. DagCbor.Encode(extended)]);
        Assert.IsType<IdentityEvent>(withExtra.Message);
    }

    [Fact]
    public void EncodeMessage_WrongSeqPresence_Throws()
    {
        Assert.Throws<ArgumentException>(() => FirehoseFrames.Encode(FirehoseSamples.Commit()));
        Assert.Throws<ArgumentException>(() => FirehoseFrames.Encode(new InfoEvent { Name = "x" }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FirehoseFrames.Encode(FirehoseSamples.Commit(), 0));
        Assert.Throws<ArgumentException>(() => StoredEvent.From(new InfoEvent { Name = "x" }));
    }

    [Fact]
    public void EncodeStored_BodyWithSeqOrNotMap_Throws()
    {
        var withSeq = new StoredEvent("#x", DagCbor.Encode(DataMap.Of(("seq", DataValue.From(1)))));
        var notMap = new StoredEvent("#x", DagCbor.Encode(DataValue.From("nope")));

        Assert.Throws<FirehoseFormatException>(() => withSeq.ToFrame(2));
        Assert.Throws<FirehoseFormatException>(() => notMap.ToFrame(2));
    }

    private static FirehoseMessage Sample(string name) => FirehoseSamples.All().Single(m => m.Name == name).Message;

    private static string Hex(string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s));
}
