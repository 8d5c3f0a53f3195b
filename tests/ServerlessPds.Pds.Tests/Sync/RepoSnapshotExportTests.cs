using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Sync;

/// <summary>getRepo exports through a snapshot store: copies, exports built from an older snapshot, and the fallbacks.</summary>
public class RepoSnapshotExportTests
{
    /// <summary>Creates the repo harness and the snapshot store each test runs on; a derived class runs these tests on other storage.</summary>
    internal virtual (EngineHarness Harness, IRepoSnapshotStore Snapshots) NewStores() => (new EngineHarness(), new MemoryRepoSnapshotStore());

    /// <summary>Rewrites the stored snapshot's CAR bytes, keeping its root and rev.</summary>
    internal virtual Task TamperAsync(IRepoSnapshotStore snapshots, Did did, Func<byte[], byte[]> change)
    {
        Assert.True(((MemoryRepoSnapshotStore)snapshots).Tamper(did, change));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Export_OfTheSnapshotsCommit_IsCopiedByteForByte()
    {
        var (h, snapshots, _) = await RepoAsync(60, 5, 5);
        using var disposable = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);

        var (first, firstSource) = await ExportAsync(exporter, h);
        var (second, secondSource) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.Scan, firstSource);
        Assert.Equal(RepoExportSource.SnapshotCopy, secondSource);
        Assert.Equal(first, second);
        Assert.Equal(await FreshAsync(h), second);
        await using var snapshot = (await snapshots.OpenAsync(h.Did))!;
        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        Assert.Equal(head.CommitCid, snapshot.Root);
        Assert.Equal(head.Rev, snapshot.Rev);
        Assert.Equal(first.Length, snapshot.Length);
    }

    [Fact]
    public async Task Export_AfterCreatesUpdatesAndDeletes_IsBuiltFromTheSnapshotAndEqualsAFreshScan()
    {
        var (h, snapshots, history) = await RepoAsync(80);
        using var _ = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);
        await ExportAsync(exporter, h);
        var deleted = (await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, history[3])))!.Value;
        var replaced = (await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, history[4])))!.Value;
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [
            EngineHarness.Create("3zzzzzzzzzz22", "added later"),
            RepoWrite.Update(EngineHarness.Posts, history[4], EngineHarness.Post("changed")),
            RepoWrite.Delete(EngineHarness.Posts, history[3]),
        ]);

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.SnapshotBlocks, source);
        Assert.Equal(await FreshAsync(h), bytes);
        var car = CarReader.ReadAll(bytes);
        Assert.DoesNotContain(car.Blocks, b => b.Cid == deleted || b.Cid == replaced);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        Assert.Equal((await RepoExporterTests.ReachableAsync(h, head.CommitCid)).Order(), car.Blocks.Select(b => b.Cid).Order());
        var (again, againSource) = await ExportAsync(exporter, h);
        Assert.Equal(RepoExportSource.SnapshotCopy, againSource);
        Assert.Equal(bytes, again);
    }

    [Fact]
    public async Task Export_AfterDeletingEveryRecordTheSnapshotHeld_HoldsNoneOfThem()
    {
        var (h, snapshots, history) = await RepoAsync(10);
        using var _ = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);
        var (before, _) = await ExportAsync(exporter, h);
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, history.Select(r => RepoWrite.Delete(EngineHarness.Posts, r)).ToList());

        var (after, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.SnapshotBlocks, source);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        Assert.Equal([head.CommitCid, head.DataCid], CarReader.ReadAll(after).Blocks.Select(b => b.Cid));
        Assert.Equal(await FreshAsync(h), after);
        Assert.True(CarReader.ReadAll(before).Blocks.Count > 10);
    }

    [Fact]
    public async Task Export_WithADamagedSnapshot_IgnoresItAndScans()
    {
        var (h, snapshots, _) = await RepoAsync(30);
        using var disposable = h;
        var failures = new List<Exception>();
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots, onSnapshotFailure: (_, e) => failures.Add(e));
        var (original, _) = await ExportAsync(exporter, h);
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3zzzzzzzzzz22", "added later")]);
        // Flip one byte near the end: inside the last record block, so the CAR still parses but that block no longer matches its CID.
        await TamperAsync(snapshots, h.Did, b =>
        {
            b[^3] ^= 0x01;
            return b;
        });

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.Scan, source);
        Assert.Equal(await FreshAsync(h), bytes);
        Assert.IsType<CarFormatException>(Assert.Single(failures));
        Assert.NotEqual(original, bytes);
    }

    [Fact]
    public async Task Export_WhenTheSnapshotLacksTooManyBlocks_Scans()
    {
        var (h, snapshots, _) = await RepoAsync(5);
        using var disposable = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);
        await ExportAsync(exporter, h);
        var writes = Enumerable.Range(0, RepoExporter.MaxSnapshotMisses + 1).Select(i => EngineHarness.Create($"3bbbbbbb{i:D5}", $"more {i}")).ToList();
        foreach (var chunk in writes.Chunk(100))
        {
            await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, chunk);
        }

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.Scan, source);
        Assert.Equal(await FreshAsync(h), bytes);
    }

    [Fact]
    public async Task Export_Concurrently_AllEqualAndLeaveAUsableSnapshot()
    {
        var (h, snapshots, _) = await RepoAsync(40, 3, 3);
        using var disposable = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);
        var expected = await FreshAsync(h);

        var exports = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ExportAsync(exporter, h))));

        Assert.All(exports, e => Assert.Equal(expected, e.Bytes));
        var (after, source) = await ExportAsync(exporter, h);
        Assert.Equal(RepoExportSource.SnapshotCopy, source);
        Assert.Equal(expected, after);
    }

    [Fact]
    public async Task Export_ThatFailsMidway_LeavesTheOldSnapshot()
    {
        var (h, snapshots, _) = await RepoAsync(40);
        using var disposable = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);
        await ExportAsync(exporter, h);
        var old = (await h.Repos.GetHeadAsync(h.Did))!;
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3zzzzzzzzzz22", "added later")]);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        await using (var export = await exporter.PrepareAsync(h.Did, head, since: null))
        {
            await Assert.ThrowsAsync<IOException>(() => export.WriteToAsync(new BrokenStream(allowBytes: 200)));
        }

        await using var snapshot = (await snapshots.OpenAsync(h.Did))!;
        Assert.Equal(old.CommitCid, snapshot.Root);
    }

    [Fact]
    public async Task Export_WhenTheSnapshotCannotBeSaved_StillAnswers()
    {
        var (h, snapshots, _) = await RepoAsync(20);
        using var disposable = h;
        var failures = new List<Exception>();
        var exporter = new RepoExporter(h.Repos, snapshots: new UnwritableSnapshots(snapshots), onSnapshotFailure: (_, e) => failures.Add(e));

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.Scan, source);
        Assert.Equal(await FreshAsync(h), bytes);
        Assert.IsType<IOException>(Assert.Single(failures));
        Assert.Null(await snapshots.OpenAsync(h.Did));
    }

    [Fact]
    public async Task ExportSince_NeitherUsesNorSavesASnapshot()
    {
        var (h, snapshots, _) = await RepoAsync(20);
        using var disposable = h;
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        await using var export = await exporter.PrepareAsync(h.Did, head, Tid.Parse("2222222222222"));
        await export.WriteToAsync(Stream.Null);

        Assert.Equal(RepoExportSource.ScanSince, export.Source);
        Assert.Null(await snapshots.OpenAsync(h.Did));
    }

    [Fact]
    public async Task Export_OfAnotherRepoUnderTheSameDid_AsAfterAnImport_NeverServesTheOldSnapshot()
    {
        var (h, snapshots, _) = await RepoAsync(30);
        using var disposable = h;
        await ExportAsync(new RepoExporter(h.Repos, snapshots: snapshots), h);
        using var imported = new EngineHarness();
        await imported.NewWriter().CreateRepoAsync(imported.Did, imported.Key);
        await imported.NewWriter().ApplyWritesAsync(imported.Did, imported.Key, [EngineHarness.Create("3ccccccccccc2", "imported")]);
        Assert.Equal(h.Did, imported.Did);

        var (bytes, source) = await ExportAsync(new RepoExporter(imported.Repos, snapshots: snapshots), imported);

        Assert.NotEqual(RepoExportSource.SnapshotCopy, source);
        Assert.Equal(await FreshAsync(imported), bytes);
    }

    [Fact]
    public async Task Delete_RemovesTheSnapshot()
    {
        var (h, snapshots, _) = await RepoAsync(3);
        using var disposable = h;
        await ExportAsync(new RepoExporter(h.Repos, snapshots: snapshots), h);
        Assert.NotNull(await snapshots.OpenAsync(h.Did));

        await snapshots.DeleteAsync(h.Did);
        await snapshots.DeleteAsync(h.Did);

        Assert.Null(await snapshots.OpenAsync(h.Did));
    }

    [Fact]
    public async Task Export_OfARepoWrittenThroughThisProcessWithNoSnapshot_IsBuiltFromRecentBlocksAndEqualsAFreshScan()
    {
        var (h, snapshots) = NewStores();
        using var disposable = h;
        var recent = new RecentRepoBlocks();
        var writer = h.NewWriter(new RecentBlocksRepoStore(h.Repos, recent));
        await writer.CreateRepoAsync(h.Did, h.Key);
        // 120 creates in one commit: more blocks than the commit's own transaction holds, so some go ahead through PutBlocksAsync.
        var created = await writer.ApplyWritesAsync(h.Did, h.Key, Enumerable.Range(0, 120).Select(n => EngineHarness.Create($"3aaaaaaa{n:D5}", $"post {n}")).ToList());
        var rkeys = created.Results.Select(r => r.Uri.Rkey!).ToList();
        var replaced = created.Results[5].Cid!.Value;
        var deleted = created.Results[6].Cid!.Value;
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Update(EngineHarness.Posts, rkeys[5], EngineHarness.Post("changed"))]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Delete(EngineHarness.Posts, rkeys[6])]);
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots, recent: recent);

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.RecentBlocks, source);
        Assert.Equal(await FreshAsync(h), bytes);
        Assert.DoesNotContain(CarReader.ReadAll(bytes).Blocks, b => b.Cid == replaced || b.Cid == deleted);
        Assert.Equal(0, recent.BytesOf(h.Did));
        Assert.Equal(RepoExportSource.SnapshotCopy, (await ExportAsync(exporter, h)).Source);
    }

    [Fact]
    public async Task Export_AfterMoreNewBlocksThanPointReadsAllow_TakesThemFromRecentBlocksInsteadOfScanning()
    {
        var (h, snapshots, _) = await RepoAsync(20);
        using var disposable = h;
        var recent = new RecentRepoBlocks();
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots, recent: recent);
        var withoutRecent = new RepoExporter(h.Repos, snapshots: snapshots);
        await ExportAsync(exporter, h);
        var writer = h.NewWriter(new RecentBlocksRepoStore(h.Repos, recent));
        for (var i = 0; i < 3; i++)
        {
            await writer.ApplyWritesAsync(h.Did, h.Key, Enumerable.Range(0, 100).Select(n => EngineHarness.Create($"3bbbbbb{i}{n:D5}", $"later {i} {n}")).ToList());
        }

        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        await using (var plain = await withoutRecent.PrepareAsync(h.Did, head, since: null))
        {
            Assert.Equal(RepoExportSource.Scan, plain.Source);
        }

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.SnapshotBlocks, source);
        Assert.Equal(await FreshAsync(h), bytes);
        Assert.Equal(0, recent.BytesOf(h.Did));
    }

    [Fact]
    public async Task Export_WhenRecentBlocksLackTheOlderHistory_ReadsOrScansStorageAndEqualsAFreshScan()
    {
        var (h, snapshots, _) = await RepoAsync(400);
        using var disposable = h;
        var recent = new RecentRepoBlocks();
        await h.NewWriter(new RecentBlocksRepoStore(h.Repos, recent)).ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3zzzzzzzzzz22", "added later")]);
        Assert.True(recent.BytesOf(h.Did) > 0);
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots, recent: recent);

        var (bytes, source) = await ExportAsync(exporter, h);

        Assert.Equal(RepoExportSource.Scan, source);
        Assert.Equal(await FreshAsync(h), bytes);
    }

    [Fact]
    public async Task Refresher_AfterEnoughNewBlocks_WritesASnapshotOfTheHeadInTheBackgroundThatEqualsAFreshScan()
    {
        var (h, snapshots) = NewStores();
        using var disposable = h;
        var recent = new RecentRepoBlocks();
        var failures = new List<Exception>();
        var exporter = new RepoExporter(h.Repos, snapshots: snapshots, recent: recent);
        var refresher = new RepoSnapshotRefresher(h.Repos, exporter, recent, refreshBytes: 2_000, onFailure: (_, e) => failures.Add(e));
        var writer = h.NewWriter(new RecentBlocksRepoStore(h.Repos, recent, refresher.OnCommitted));
        await writer.CreateRepoAsync(h.Did, h.Key);
        await refresher.IdleAsync();
        Assert.Null(await snapshots.OpenAsync(h.Did));

        foreach (var round in new[] { "a", "b" })
        {
            await writer.ApplyWritesAsync(h.Did, h.Key, Enumerable.Range(0, 30).Select(n => EngineHarness.Create($"3{round}aaaaaa{n:D5}", $"post {round} {n}")).ToList());
            await refresher.IdleAsync();

            var head = (await h.Repos.GetHeadAsync(h.Did))!;
            await using (var snapshot = (await snapshots.OpenAsync(h.Did))!)
            {
                Assert.Equal(head.CommitCid, snapshot.Root);
            }

            Assert.Equal(0, recent.BytesOf(h.Did));
            var (bytes, source) = await ExportAsync(exporter, h);
            Assert.Equal(RepoExportSource.SnapshotCopy, source);
            Assert.Equal(await FreshAsync(h), bytes);
        }

        Assert.Empty(failures);
    }

    /// <summary>New stores holding a repo with that history (<see cref="RepoExporterTests.WriteHistoryAsync"/>).</summary>
    private async Task<(EngineHarness H, IRepoSnapshotStore Snapshots, List<RecordKey> Live)> RepoAsync(int records, int updates = 0, int deletes = 0)
    {
        var (h, snapshots) = NewStores();
        var history = await RepoExporterTests.WriteHistoryAsync(h, records, updates, deletes);
        return (h, snapshots, history.Live);
    }

    /// <summary>Exports the current head and returns the CAR bytes and where they came from.</summary>
    internal static async Task<(byte[] Bytes, RepoExportSource Source)> ExportAsync(RepoExporter exporter, EngineHarness h)
    {
        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        await using var export = await exporter.PrepareAsync(h.Did, head, since: null);
        var announced = export.Length;
        using var output = new MemoryStream();
        var written = await export.WriteToAsync(output);
        await exporter.SnapshotsSavedAsync(h.Did);
        Assert.Equal(output.Length, written);
        Assert.Equal(export.Source == RepoExportSource.SnapshotCopy ? output.Length : null, announced);
        return (output.ToArray(), export.Source);
    }

    /// <summary>The export of the current head with no snapshot store: a partition scan.</summary>
    private static async Task<byte[]> FreshAsync(EngineHarness h) => (await ExportAsync(new RepoExporter(h.Repos), h)).Bytes;

    private sealed class BrokenStream(int allowBytes) : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Length + buffer.Length > allowBytes ? throw new IOException("The client went away.") : base.WriteAsync(buffer, cancellationToken);
    }

    private sealed class UnwritableSnapshots(IRepoSnapshotStore inner) : IRepoSnapshotStore
    {
        public Task<RepoCarSnapshot?> OpenAsync(Did did, CancellationToken cancellationToken = default) => inner.OpenAsync(did, cancellationToken);

        public RepoSnapshotWriter BeginWrite(Did did) => new Failing();

        public Task DeleteAsync(Did did, CancellationToken cancellationToken = default) => inner.DeleteAsync(did, cancellationToken);

        private sealed class Failing : RepoSnapshotWriter
        {
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
                throw new IOException("Storage refused the block.");

            public override Task CompleteAsync(Cid root, Tid rev, CancellationToken cancellationToken = default) =>
                throw new InvalidOperationException("Never completed after a failed write.");
        }
    }
}
