using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Testing;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Benchmarks.Engine;

/// <summary>
/// <c>engine</c> mode: the repo engine on the Azure ports against a fresh in-memory Azurite. Options:
/// <c>--commits N</c> (single-DID commits, default 500), <c>--dids N</c> (default 32), <c>--per-did N</c> (commits per
/// DID in the concurrent phase, default 20), <c>--records N</c> (export repo size, default 10000), <c>--key k256|p256</c>
/// (default k256). Prints a table of figures; asserts nothing. The export repo gets its first 2,000 records through the
/// engine (timed) and the rest as one seeded commit (Azurite scans a whole partition per request, so growing a large
/// repo through it measures Azurite more than the engine).
/// </summary>
internal static class EngineBenchmark
{
    private static readonly Nsid Posts = Nsid.Parse("app.bsky.feed.post");

    public static async Task<int> RunAsync(string[] args)
    {
        int Option(string name, int fallback) =>
            Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var commits = Option("commits", 500);
        var didCount = Option("dids", 32);
        var perDid = Option("per-did", 20);
        var recordCount = Option("records", 10_000);
        var algorithm = Array.IndexOf(args, "--key") is var k and >= 0 ? KeyAlgorithm.All.Single(a => a.Name == args[k + 1]) : KeyAlgorithm.K256;

        await using var azurite = await AzuriteServer.StartNewAsync();
        var counter = new RequestCounter();
        var options = new StorageClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var connection = StorageConnection.FromConnectionString(azurite.ConnectionString, options);
        var names = AzureRepoStorageNames.WithPrefix("bench");
        await AzureStorageSetup.CreateTablesAndContainersAsync(connection, names);
        var repos = new TableRepoStore(connection, names);
        var log = new TableEventLog(connection, names);
        var writer = new RepoWriter(repos, new TablePendingDirectory(connection, names), new Sequencer(repos, log, new LocalEventNotifier()), new RecordingBlobCatalog(), new RepoWriterOptions { MaxAttempts = 100 });
        using var key = SigningKey.Generate(algorithm);
        var rows = new List<(string Figure, string Value)>();

        var one = Did.Parse("did:plc:benchsingleaaaaaaaaaaaaa");
        await writer.CreateRepoAsync(one, key);
        for (var i = 0; i < 20; i++)
        {
            await writer.ApplyWritesAsync(one, key, [Create($"warm{i}")]);
        }

        var before = counter.Requests;
        var cpuBefore = Cpu();
        var latencies = new List<double>(commits);
        for (var i = 0; i < commits; i++)
        {
            var clock = Stopwatch.StartNew();
            await writer.ApplyWritesAsync(one, key, [Create($"one{i}")]);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        rows.Add(($"1 DID, {commits} sequential 1-record commits: p50", Ms(Percentile(latencies, 0.50))));
        rows.Add(("  p99", Ms(Percentile(latencies, 0.99))));
        rows.Add(("  mean", Ms(latencies.Average())));
        rows.Add(("  storage round trips per commit", ((counter.Requests - before) / (double)commits).ToString("0.00", CultureInfo.InvariantCulture)));
        rows.Add(("  client CPU per commit", Ms((Cpu() - cpuBefore).TotalMilliseconds / commits)));

        var dids = Enumerable.Range(0, didCount).Select(i => Did.Parse($"did:plc:benchmany{i:d4}aaaaaaaaaaaa")).ToList();
        foreach (var did in dids)
        {
            await writer.CreateRepoAsync(did, key);
        }

        before = counter.Requests;
        cpuBefore = Cpu();
        var concurrent = new System.Collections.Concurrent.ConcurrentBag<double>();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(dids.Select(did => Task.Run(async () =>
        {
            for (var i = 0; i < perDid; i++)
            {
                var clock = Stopwatch.StartNew();
                await writer.ApplyWritesAsync(did, key, [Create($"many{i}")]);
                concurrent.Add(clock.Elapsed.TotalMilliseconds);
            }
        })));
        wall.Stop();
        var total = didCount * perDid;
        rows.Add(($"{didCount} DIDs written concurrently ({total} commits): commits/s", (total / wall.Elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)));
        rows.Add(("  latency p50 / p99", $"{Ms(Percentile([.. concurrent], 0.50))} / {Ms(Percentile([.. concurrent], 0.99))}"));
        rows.Add(("  storage round trips per commit", ((counter.Requests - before) / (double)total).ToString("0.00", CultureInfo.InvariantCulture)));
        rows.Add(("  client CPU per commit", Ms((Cpu() - cpuBefore).TotalMilliseconds / total)));

        var big = Did.Parse("did:plc:benchexportaaaaaaaaaaaa");
        await writer.CreateRepoAsync(big, key);
        var throughEngine = Math.Min(2_000, recordCount);
        before = counter.Requests;
        var cpu = Cpu();
        wall.Restart();
        for (var done = 0; done < throughEngine; done += 200)
        {
            await writer.ApplyWritesAsync(big, key, [.. Enumerable.Range(done, Math.Min(200, throughEngine - done)).Select(i => Create($"r{i:d6}"))]);
        }

        var bulkCommits = Math.Ceiling(throughEngine / 200.0);
        rows.Add(($"{throughEngine} records in 200-write commits: records/s", (throughEngine / wall.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)));
        rows.Add(("  storage round trips / client CPU per 200-write commit", $"{(counter.Requests - before) / bulkCommits:0.0} / {(Cpu() - cpu).TotalMilliseconds / bulkCommits:0} ms"));
        if (recordCount > throughEngine)
        {
            await RepoSeed.AddRecordsAsync(repos, big, key, Posts, Enumerable.Range(throughEngine, recordCount - throughEngine).Select(i => ($"r{i:d6}", Record($"r{i:d6}"))));
        }

        foreach (var (label, export) in new (string, Func<Stream, Task<long>>)[]
        {
            ("scan of the partition's blocks", s => RepoExport.ThroughScanAsync(repos, big, s)),
            ("RepoExporter (getRepo: scan for nodes, walk, scan for records)", async s =>
                await (await new RepoExporter(repos).PrepareAsync(big, (await repos.GetHeadAsync(big))!, since: null)).WriteToAsync(s)),
            ("IRepoStore block reads (16 in flight)", s => RepoExport.ThroughPortAsync(repos, big, s)),
        })
        {
            using var car = new MemoryStream();
            before = counter.Requests;
            wall.Restart();
            var bytes = await export(car);
            wall.Stop();
            rows.Add(($"export of the {recordCount}-record repo to CAR via {label}", $"{bytes / 1e6 / wall.Elapsed.TotalSeconds:0.00} MB/s ({bytes / 1e6:0.00} MB in {wall.Elapsed.TotalSeconds:0.00} s, {counter.Requests - before} requests)"));
            Console.WriteLine($"{rows[^1].Figure}: {rows[^1].Value}"); // early, as the slow per-block export follows
        }

        Print(rows, algorithm);
        return 0;
    }

    internal static RepoWrite Create(string rkey) => RepoWrite.Create(Posts, RecordKey.Parse(rkey), Record(rkey));

    private static DataMap Record(string rkey) => DataMap.Of(
        ("$type", DataValue.From(Posts.Value)),
        ("text", DataValue.From($"benchmark post {rkey}")),
        ("createdAt", DataValue.From("2025-01-02T03:04:05.000Z")));

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    internal static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static void Print(List<(string Figure, string Value)> rows, KeyAlgorithm algorithm)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine($"Repo engine on Azure ports, Azurite {AzuriteServer.InstalledVersion()} in memory on loopback; signing key {algorithm.Name}; {Environment.ProcessorCount} cores; load average {load}");
        var width = rows.Max(r => r.Figure.Length);
        Console.WriteLine($"| {"figure".PadRight(width)} | value |");
        Console.WriteLine($"|{new string('-', width + 2)}|-------|");
        foreach (var (figure, value) in rows)
        {
            Console.WriteLine($"| {figure.PadRight(width)} | {value} |");
        }
    }
}
