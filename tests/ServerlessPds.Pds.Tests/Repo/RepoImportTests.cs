using System.Text.Json;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>
/// <see cref="RepoWriter.ImportAsync"/> with the reference repo CAR made by the official <c>@atproto/repo</c>
/// (tests/fixtures/reference-repo, 51 records): the imported repo holds exactly the source's records under the same
/// MST root, in a chain signed with our key; a derived class runs these tests on other storage.
/// </summary>
public class RepoImportTests
{
    private static readonly string FixtureDirectory = Path.Combine(FindRoot(), "tests", "fixtures", "reference-repo");

    /// <summary>Creates the harness each test runs on.</summary>
    internal virtual EngineHarness NewHarness() => new();

    [Fact]
    public async Task ImportAsync_ReferenceRepo_SameMstAndRecordsAndNothingAnnouncedForADeactivatedAccount()
    {
        using var h = NewHarness();
        var (did, source, data, expected) = await LoadFixtureAsync();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(did, h.Key, [], announce: false);

        var result = await writer.ImportAsync(did, h.Key, source, data, announce: false);
        Assert.Equal(Ports.AccountStatus.Deactivated, (await h.Repos.GetHeadAsync(did))!.WriteStatus);

        var head = (await h.Repos.GetHeadAsync(did))!;
        Assert.Equal((result.CommitCid, data), (head.CommitCid, head.DataCid));
        Assert.Equal(2, (await RepoVerifier.VerifyRepoAsync(h.Repos, did, h.Key.PublicKey)).Count);
        Assert.Equal(expected, await ListAllAsync(h, did, expected));
        Assert.Equal(0, await h.Log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task ImportAsync_OverExistingRecordsAnnounced_RemovesThemAndLogsOneSync()
    {
        using var h = NewHarness();
        var (did, source, data, expected) = await LoadFixtureAsync();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(did, h.Key);
        await writer.ApplyWritesAsync(did, h.Key, [EngineHarness.Create("3zzzzzzzzzzz2", "stale"), EngineHarness.Create("3zzzzzzzzzzz3", "stale")]);
        var before = await h.Log.GetLatestSeqAsync();

        var result = await writer.ImportAsync(did, h.Key, source, data, announce: true);

        Assert.Null(await h.Repos.GetRecordCidAsync(did, RepoPath.Parse("app.bsky.feed.post/3zzzzzzzzzzz2")));
        Assert.Equal(expected, await ListAllAsync(h, did, expected));
        var logged = await h.Log.ReadAsync(before, 10);
        var sync = Assert.IsType<SyncEvent>(Assert.Single(logged).Event.ToMessage());
        Assert.Equal(result.Rev, sync.Rev);
        Assert.Equal(3, (await RepoVerifier.VerifyRepoAsync(h.Repos, did, h.Key.PublicKey)).Count);
    }

    [Fact]
    public async Task ImportAsync_CarMissingARecord_InvalidRequestAndNothingStored()
    {
        using var h = NewHarness();
        var (did, _, data, expected) = await LoadFixtureAsync();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(did, h.Key, [], announce: false);
        var head = await h.Repos.GetHeadAsync(did);
        var partial = new MemoryBlockStore();
        var missing = Cid.Parse(expected[0].Cid);
        foreach (var block in CarReader.ReadAll(await File.ReadAllBytesAsync(Path.Combine(FixtureDirectory, "repo.car"))).Blocks.Where(b => b.Cid != missing))
        {
            partial.Put(block.Cid, block.Bytes);
        }

        var e = await Assert.ThrowsAsync<Protocol.Xrpc.XrpcException>(() => writer.ImportAsync(did, h.Key, partial, data, announce: true));

        Assert.Equal(Protocol.Xrpc.XrpcErrorName.InvalidRequest, e.Error);
        Assert.Equal(head, await h.Repos.GetHeadAsync(did));
        Assert.Equal(0, await h.Log.GetLatestSeqAsync());
    }

    private static async Task<List<(string Path, string Cid)>> ListAllAsync(EngineHarness h, Did did, List<(string Path, string Cid)> expected)
    {
        var actual = new List<(string Path, string Cid)>();
        foreach (var collection in expected.Select(r => r.Path.Split('/')[0]).Distinct())
        {
            var page = await h.Repos.ListRecordsAsync(did, Nsid.Parse(collection), null, 100, reverse: true);
            actual.AddRange(page.Records.Select(r => (r.Path.Value, r.Cid.ToString())));
        }

        return [.. actual.OrderBy(r => r.Path, StringComparer.Ordinal)];
    }

    private static async Task<(Did Did, MemoryBlockStore Source, Cid Data, List<(string Path, string Cid)> Records)> LoadFixtureAsync()
    {
        using var fixture = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(FixtureDirectory, "repo.json")));
        var car = CarReader.ReadAll(await File.ReadAllBytesAsync(Path.Combine(FixtureDirectory, "repo.car")));
        var source = new MemoryBlockStore();
        foreach (var block in car.Blocks)
        {
            source.Put(block.Cid, block.Bytes);
        }

        Assert.True(car.TryGetBlock(car.Roots[0], out var commitBytes));
        var commit = Commit.Decode(commitBytes.Span);
        var records = fixture.RootElement.GetProperty("records").EnumerateArray()
            .Select(r => ($"{r.GetProperty("collection").GetString()}/{r.GetProperty("rkey").GetString()}", r.GetProperty("cid").GetString()!))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(51, records.Count);
        Assert.Equal(fixture.RootElement.GetProperty("data").GetString(), commit.Data.ToString());
        return (Did.Parse(fixture.RootElement.GetProperty("did").GetString()!), source, commit.Data, records);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServerlessPds.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ServerlessPds.sln not found above the test binaries.");
    }
}
