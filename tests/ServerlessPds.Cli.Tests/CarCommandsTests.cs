using System.Text.Json;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Cli.Tests;

public sealed class CarCommandsTests : IDisposable
{
    private static readonly string FixtureDirectory = Path.Combine(FindRepoRoot(), "tests", "fixtures", "reference-repo");

    private static readonly JsonElement RepoJson = LoadRepoJson();

    private readonly string _temp = Directory.CreateTempSubdirectory("pds-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Inspect_RepoCarJson_MatchesRepoJson()
    {
        var (exit, stdout, stderr) = await RunAsync("car", "inspect", Fixture("repo.car"), "--json");

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(RepoJson.GetProperty("carBytes").GetInt64(), report.GetProperty("bytes").GetInt64());
        Assert.Equal(RepoJson.GetProperty("carBlockCount").GetInt32(), report.GetProperty("blocks").GetInt32());
        Assert.Equal([RepoJson.GetProperty("commit").GetString()], report.GetProperty("roots").EnumerateArray().Select(e => e.GetString()));
        foreach (var name in new[] { "commit", "did", "rev", "data" })
        {
            Assert.Equal(RepoJson.GetProperty(name).GetString(), report.GetProperty(name).GetString());
        }

        Assert.Equal(RepoJson.GetProperty("recordCount").GetInt32(), report.GetProperty("records").GetInt32());
        Assert.Equal(Collections(RepoJson.GetProperty("collections")), Collections(report.GetProperty("collections")));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("problem").ValueKind);
        Assert.True(report.GetProperty("mstNodes").GetInt32() > 1);
    }

    [Fact]
    public async Task Inspect_RepoCarText_ListsCommitAndEveryCollectionCount()
    {
        var (exit, stdout, _) = await RunAsync("car", "inspect", Fixture("repo.car"));

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains($"commit     {RepoJson.GetProperty("commit").GetString()}", lines);
        Assert.Contains($"did        {RepoJson.GetProperty("did").GetString()}", lines);
        Assert.Contains($"rev        {RepoJson.GetProperty("rev").GetString()}", lines);
        Assert.Contains($"data       {RepoJson.GetProperty("data").GetString()}", lines);
        Assert.Contains($"blocks     {RepoJson.GetProperty("carBlockCount").GetInt32()}", lines);
        Assert.Contains($"records    {RepoJson.GetProperty("recordCount").GetInt32()}", lines);
        foreach (var (collection, count) in Collections(RepoJson.GetProperty("collections")))
        {
            Assert.Contains(lines, l => l.StartsWith(collection + " ", StringComparison.Ordinal) && l.EndsWith($" {count}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Inspect_DiffCar_ReportsTheCommitAndAnIncompleteTree()
    {
        var (exit, stdout, _) = await RunAsync("car", "inspect", Fixture("diff.car"), "--json");

        Assert.Equal(0, exit);
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(RepoJson.GetProperty("diff").GetProperty("blockCount").GetInt32(), report.GetProperty("blocks").GetInt32());
        Assert.Equal(RepoJson.GetProperty("commit").GetString(), report.GetProperty("commit").GetString());
        Assert.Contains("is not in the CAR", report.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RepoCarWithItsKey_Succeeds()
    {
        var (exit, stdout, stderr) = await RunAsync("car", "verify", Fixture("repo.car"), "--did-key", RepoJson.GetProperty("signingKey").GetString()!);

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        Assert.Contains($"signature  valid for {RepoJson.GetProperty("signingKey").GetString()}", stdout, StringComparison.Ordinal);
        Assert.Contains($"{RepoJson.GetProperty("recordCount").GetInt32()} records present", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RepoCarWithoutKey_SucceedsAndSaysTheSignatureWasNotChecked()
    {
        var (exit, stdout, _) = await RunAsync("car", "verify", Fixture("repo.car"));

        Assert.Equal(0, exit);
        Assert.Contains("signature  not checked", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k256")]
    [InlineData("p256")]
    public async Task Verify_RepoCarWithAnotherKey_FailsWithOneLine(string algorithm)
    {
        using var other = SigningKey.Generate(algorithm == "k256" ? KeyAlgorithm.K256 : KeyAlgorithm.P256);

        var (exit, stdout, stderr) = await RunAsync("car", "verify", Fixture("repo.car"), "--did-key", other.PublicKey.ToDidKey());

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal($"pds car verify: repo.car: the commit signature does not verify with {other.PublicKey.ToDidKey()}", SingleLine(stderr));
    }

    public static TheoryData<string, string, string> DamagedFiles => new()
    {
        { "inspect", "truncated.car", "truncated" },
        { "verify", "truncated.car", "truncated" },
        { "inspect", "corrupt.car", "does not match its CID" },
        { "verify", "corrupt.car", "does not match its CID" },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public async Task Command_DamagedCar_FailsWithOneLineNamingTheBlock(string command, string file, string problem)
    {
        var expectedCid = file == "corrupt.car"
            ? RepoJson.GetProperty("corrupt").GetProperty("block").GetString()!
            : RepoJson.GetProperty("truncated").GetProperty("cutInsideBlock").GetString()!;

        string[] args = command == "verify"
            ? ["car", command, Fixture(file), "--did-key", RepoJson.GetProperty("signingKey").GetString()!]
            : ["car", command, Fixture(file)];

        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var line = SingleLine(stderr);
        Assert.StartsWith($"pds car {command}: {file}: CAR block ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.Contains(expectedCid, line, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> IncompleteRepos => new()
    {
        { "commit", "the root block {0} (the commit) is not in the CAR" },
        { "mst-root", "MST node {0} is not in the CAR" },
        { "record", "record app.bsky.feed.post/" },
    };

    [Theory]
    [MemberData(nameof(IncompleteRepos))]
    public async Task Verify_RepoCarWithABlockRemoved_FailsNamingIt(string removed, string expected)
    {
        var contents = CarReader.ReadAll(File.ReadAllBytes(Fixture("repo.car")));
        var victim = removed switch
        {
            "commit" => contents.Roots[0],
            "mst-root" => Cid.Parse(RepoJson.GetProperty("data").GetString()!),
            _ => Cid.Parse(RepoJson.GetProperty("records").EnumerateArray()
                .First(r => r.GetProperty("collection").GetString() == "app.bsky.feed.post").GetProperty("cid").GetString()!),
        };
        var path = Path.Combine(_temp, "damaged.car");
        await File.WriteAllBytesAsync(path, CarWriter.Encode(contents.Roots, contents.Blocks.Where(b => b.Cid != victim)));

        var (exit, _, stderr) = await RunAsync("car", "verify", path);

        Assert.Equal(1, exit);
        var line = SingleLine(stderr);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, victim), line, StringComparison.Ordinal);
        Assert.Contains(victim.ToString(), line, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?> HandMadeTrees => new()
    {
        { "sorted, one layer", null },
        { "out of order", "the MST is malformed" },
        { "wrong layer", "the MST is malformed" },
    };

    [Theory]
    [MemberData(nameof(HandMadeTrees))]
    public async Task Verify_HandMadeOneNodeTree_AcceptsOnlyAWellFormedNode(string shape, string? expected)
    {
        var layer0 = Enumerable.Range(0, 1000).Select(i => $"app.bsky.feed.post/3k{i:d11}").Where(k => MstKey.Depth(k) == 0).Take(2).ToArray();
        var layer1 = Enumerable.Range(0, 1000).Select(i => $"app.bsky.feed.post/3k{i:d11}").First(k => MstKey.Depth(k) == 1);
        string[] keys = shape switch
        {
            "sorted, one layer" => layer0,
            "out of order" => [layer0[1], layer0[0]],
            _ => [.. new[] { layer0[0], layer1 }.Order(StringComparer.Ordinal)],
        };
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        var path = Path.Combine(_temp, "hand-made.car");
        await File.WriteAllBytesAsync(path, await OneNodeRepoCarAsync(keys, key));

        var (exit, stdout, stderr) = await RunAsync("car", "verify", path, "--did-key", key.PublicKey.ToDidKey());

        if (expected is null)
        {
            Assert.Equal(0, exit);
            Assert.Contains("1 nodes well-formed, 2 records present", stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, exit);
            Assert.Contains(expected, SingleLine(stderr), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_MissingFile_FailsWithOneLine()
    {
        var (exit, _, stderr) = await RunAsync("car", "verify", Path.Combine(_temp, "absent.car"));

        Assert.Equal(1, exit);
        Assert.StartsWith("pds car verify: absent.car: cannot read the file", SingleLine(stderr), StringComparison.Ordinal);
    }

    public static TheoryData<string[]> UsageErrors => new()
    {
        Array.Empty<string>(),
        new[] { "car" },
        new[] { "car", "verify" },
        new[] { "car", "inspect", "a.car", "b.car" },
        new[] { "car", "inspect", "a.car", "--bogus" },
        new[] { "car", "verify", "a.car", "--did-key", "did:key:nonsense" },
        new[] { "car", "verify", "a.car", "--did-key" },
        new[] { "repo", "export" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Run_UsageError_ExitsTwo(string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("pds: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_ExitsZeroAndListsTheCommands()
    {
        var (exit, stdout, _) = await RunAsync("car", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("inspect", stdout, StringComparison.Ordinal);
        Assert.Contains("verify", stdout, StringComparison.Ordinal);
    }

    /// <summary>A CAR of a signed commit over a one-node MST holding <paramref name="keys"/> in the given order.</summary>
    private static async Task<byte[]> OneNodeRepoCarAsync(string[] keys, SigningKey key)
    {
        var record = DagCbor.EncodeBlock(DataMap.Of(("$type", DataValue.From("app.bsky.feed.post")), ("text", DataValue.From("hi"))));
        var entries = new List<DataValue>();
        var previous = string.Empty;
        foreach (var k in keys)
        {
            var prefix = MstKey.CommonPrefixLength(previous, k);
            entries.Add(DataMap.Of(
                ("k", DataValue.From(System.Text.Encoding.UTF8.GetBytes(k[prefix..]))),
                ("p", DataValue.From(prefix)),
                ("t", DataValue.Null),
                ("v", DataValue.From(record.Cid))));
            previous = k;
        }

        var node = DagCbor.EncodeBlock(DataMap.Of(("e", new DataArray(entries)), ("l", DataValue.Null)));
        var commit = await new UnsignedCommit(Did.Parse("did:plc:handmadehandmadehandmade"), node.Cid, Tid.FromTime(1_720_000_000_000_000, 0), null).SignAsync(key);
        var commitBytes = commit.Encode();
        return CarWriter.Encode([commit.Cid], [new CarBlock(commit.Cid, commitBytes), new CarBlock(node.Cid, node.Bytes), new CarBlock(record.Cid, record.Bytes)]);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PdsCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string SingleLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        return lines[0];
    }

    private static SortedDictionary<string, int> Collections(JsonElement element) =>
        new(element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()), StringComparer.Ordinal);

    private static string Fixture(string name) => Path.Combine(FixtureDirectory, name);

    private static JsonElement LoadRepoJson()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixture("repo.json")));
        return doc.RootElement.Clone();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServerlessPds.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (ServerlessPds.sln).");
    }
}
