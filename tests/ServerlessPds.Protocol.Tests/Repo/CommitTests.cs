using System.Text.Json;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Tests.Car;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Repo;

public class CommitTests
{
    private static readonly Cid ReferenceCommitCid = Cid.Parse(CarTestData.RepoJson.GetProperty("commit").GetString()!);

    private static readonly byte[] ReferenceCommitBytes = ReferenceBlock(ReferenceCommitCid);

    private static readonly PublicKey ReferenceKey = PublicKey.FromDidKey(CarTestData.RepoJson.GetProperty("signingKey").GetString()!);

    [Fact]
    public void Decode_ReferenceCommit_FieldsMatchRepoJsonAndReencodeByteIdentical()
    {
        var json = CarTestData.RepoJson;
        var commit = Commit.Decode(ReferenceCommitBytes);

        Assert.Equal(json.GetProperty("did").GetString(), commit.Did.Value);
        Assert.Equal(json.GetProperty("rev").GetString(), commit.Rev.Value);
        Assert.Equal(Cid.Parse(json.GetProperty("data").GetString()!), commit.Data);
        Assert.Equal(json.GetProperty("version").GetInt32(), commit.Version);
        Assert.Null(commit.Prev);
        Assert.Equal(ReferenceCommitBytes, commit.Encode());
        Assert.Equal(ReferenceCommitCid, commit.Cid);
        Assert.Equal(64, commit.Sig.Length);
    }

    [Fact]
    public void Verify_ReferenceCommitWithItsDidKey_True()
    {
        Assert.True(Commit.Decode(ReferenceCommitBytes).Verify(ReferenceKey));
    }

    [Fact]
    public void Verify_TamperedReferenceCommit_False()
    {
        var commit = Commit.Decode(ReferenceCommitBytes);
        var sig = commit.Sig.ToArray();
        sig[10] ^= 0x01;
        var otherData = Cid.ComputeDagCbor([0xa0]);

        Assert.False(new Commit(commit.Unsigned, sig).Verify(ReferenceKey));
        Assert.True(new Commit(commit.Unsigned with { }, commit.Sig.Span).Verify(ReferenceKey));
        Assert.False(new Commit(new UnsignedCommit(commit.Did, otherData, commit.Rev, commit.Prev), commit.Sig.Span).Verify(ReferenceKey));
        Assert.False(new Commit(new UnsignedCommit(commit.Did, commit.Data, Tid.Parse("3ktufogyws223"), commit.Prev), commit.Sig.Span).Verify(ReferenceKey));
        Assert.False(new Commit(new UnsignedCommit(Did.Parse("did:plc:someoneelse"), commit.Data, commit.Rev, commit.Prev), commit.Sig.Span).Verify(ReferenceKey));
        Assert.False(new Commit(new UnsignedCommit(commit.Did, commit.Data, commit.Rev, otherData), commit.Sig.Span).Verify(ReferenceKey));
        using var wrongKey = SigningKey.Generate(KeyAlgorithm.K256);
        Assert.False(commit.Verify(wrongKey.PublicKey));
    }

    [Fact]
    public void Encode_ReferenceBenchmarkCommit_MatchesTheTypeScriptCidsAndSignature()
    {
        var bench = BenchmarkReference();
        var signing = bench.GetProperty("signing").GetProperty("inputs");
        var size = bench.GetProperty("sizes")[0].GetProperty("inputs");
        var unsigned = new UnsignedCommit(
            Did.Parse(bench.GetProperty("signingKey").GetProperty("did").GetString()!),
            Cid.Parse(size.GetProperty("mstRoot").GetString()!),
            Tid.FromTime(1_700_000_000_000_000, 0),
            null);
        var sig = Convert.FromBase64String(signing.GetProperty("firstSignatureBase64").GetString()!);
        var commit = new Commit(unsigned, sig);

        Assert.Equal(Cid.Parse(signing.GetProperty("firstUnsignedCommitCid").GetString()!), Cid.ComputeDagCbor(unsigned.Encode()));
        Assert.Equal(Cid.Parse(size.GetProperty("commitCid").GetString()!), commit.Cid);
        Assert.True(commit.Verify(PublicKey.FromDidKey(bench.GetProperty("signingKey").GetProperty("didKey").GetString()!)));
        Assert.Equal(commit.Encode(), Commit.Decode(commit.Encode()).Encode());
    }

    public static TheoryData<string> Algorithms => new() { "k256", "p256" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task SignAsync_ThenVerify_RoundTrips(string algorithm)
    {
        using var key = SigningKey.Generate(algorithm == "k256" ? KeyAlgorithm.K256 : KeyAlgorithm.P256);
        using var other = SigningKey.Generate(algorithm == "k256" ? KeyAlgorithm.K256 : KeyAlgorithm.P256);
        var prev = Cid.ComputeDagCbor([0xf6]);
        var unsigned = new UnsignedCommit(Did.Parse("did:plc:abcdefghijklmnopqrstuvwx"), Cid.ComputeDagCbor([0xa0]), Tid.FromTime(1_720_000_000_000_000, 7), prev);

        var commit = await unsigned.SignAsync(key);
        var decoded = Commit.Decode(commit.Encode());

        Assert.True(commit.Verify(key.PublicKey));
        Assert.True(decoded.Verify(key.PublicKey));
        Assert.False(decoded.Verify(other.PublicKey));
        Assert.Equal(unsigned, decoded.Unsigned);
        Assert.Equal(prev, decoded.Prev);
        Assert.Equal(commit.Cid, decoded.Cid);
        Assert.Equal(commit.Cid, Cid.ComputeDagCbor(commit.Encode()));
    }

    public static TheoryData<string, string> MalformedCommits()
    {
        var valid = (DataMap)DagCbor.Decode(ReferenceCommitBytes);
        var data = new TheoryData<string, string>
        {
            { Hex(With(valid, "version", DataValue.From(2))), "v2 commits are not supported" },
            { Hex(With(valid, "version", DataValue.From(4))), "version 4" },
            { Hex(With(valid, "version", DataValue.From("3"))), "'version' is a String" },
            { Hex(With(valid, "version", null)), "no 'version'" },
            { Hex(With(valid, "prev", null)), "no 'prev'" },
            { Hex(With(valid, "sig", null)), "no 'sig'" },
            { Hex(With(valid, "extra", DataValue.Null)), "unexpected key 'extra'" },
            { Hex(With(valid, "did", DataValue.From("not a did"))), "'did' is not a valid DID" },
            { Hex(With(valid, "did", DataValue.From(5))), "'did' is a Integer" },
            { Hex(With(valid, "rev", DataValue.From("2024-01-01"))), "'rev' is not a valid TID" },
            { Hex(With(valid, "data", DataValue.Null)), "'data' is a Null" },
            { Hex(With(valid, "prev", DataValue.From("x"))), "'prev' is a String" },
            { Hex(With(valid, "sig", DataValue.From("sig"))), "'sig' is a String" },
            { Hex(DagCbor.Encode(new DataArray([]))), "not a map" },
            { "b90000", "not canonical DAG-CBOR" },
            { Convert.ToHexString(ReferenceCommitBytes.AsSpan(0, 40)), "not canonical DAG-CBOR" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedCommits))]
    public void Decode_MalformedCommit_ThrowsCommitFormatExceptionNamingTheProblem(string hex, string expected)
    {
        var e = Assert.Throws<CommitFormatException>(() => Commit.Decode(Convert.FromHexString(hex)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DefaultCids_ThrowArgumentException()
    {
        var did = Did.Parse("did:plc:abcdefghijklmnopqrstuvwx");
        var rev = Tid.FromTime(1_720_000_000_000_000, 0);

        Assert.Throws<ArgumentException>(() => new UnsignedCommit(did, default, rev, null));
        Assert.Throws<ArgumentException>(() => new UnsignedCommit(did, Cid.ComputeDagCbor([0xa0]), rev, default(Cid)));
    }

    private static byte[] ReferenceBlock(Cid cid)
    {
        Assert.True(CarReader.ReadAll(CarTestData.File("repo.car")).TryGetBlock(cid, out var bytes));
        return bytes.ToArray();
    }

    private static JsonElement BenchmarkReference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(InteropVectors.RepoRoot, "tests", "node", "bench", "reference-core.result.json")));
        return doc.RootElement.Clone();
    }

    private static byte[] With(DataMap map, string key, DataValue? value)
    {
        var entries = map.Entries.Where(e => e.Key != key).ToList();
        if (value is not null)
        {
            entries.Add(KeyValuePair.Create(key, value));
        }

        return DagCbor.Encode(new DataMap(entries));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
