using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ServerlessPds.Durable;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Testing;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Benchmarks.Engine;

/// <summary>
/// <c>serializers</c> mode: createRecord-sized commits (one record) through each repo write serialiser on a fresh
/// in-memory Azurite: <c>cas</c> (the writer called directly) and <c>entity</c> (a Durable Entity per DID through an
/// orchestration, Durable Task Framework on the Azure Storage backend). Options: <c>--commits N</c> (sequential commits
/// on one DID, default 100), <c>--dids N</c> (default 32), <c>--per-did N</c> (default 5). Prints figures; asserts nothing.
/// </summary>
internal static class SerializerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Option(string name, int fallback) =>
            Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var commits = Option("commits", 100);
        var didCount = Option("dids", 32);
        var perDid = Option("per-did", 5);

        await using var azurite = await AzuriteServer.StartNewAsync();
        Console.WriteLine($"Azurite {AzuriteServer.InstalledVersion()} in memory; K-256 keys; {commits} sequential commits on 1 DID, then {didCount} DIDs x {perDid} concurrently");
        Console.WriteLine("| serialiser | 1 DID p50 | 1 DID p99 | 32 DIDs commits/s | 32 DIDs p50 / p99 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var mode in new[] { "cas", "entity" })
        {
            var connection = StorageConnection.FromConnectionString(azurite.ConnectionString, new StorageClientOptions());
            var names = AzureRepoStorageNames.WithPrefix("bench" + mode);
            await AzureStorageSetup.CreateTablesAndContainersAsync(connection, names);
            var repos = new TableRepoStore(connection, names);
            var writer = new RepoWriter(repos, new TablePendingDirectory(connection, names), new Sequencer(repos, new TableEventLog(connection, names), new LocalEventNotifier()), new RecordingBlobCatalog(), new RepoWriterOptions { MaxAttempts = 100 });
            using var key = SigningKey.Generate(KeyAlgorithm.K256);
            var signers = new OneKey(key);
            IRepoWriteSerializer serializer = mode == "cas"
                ? new DirectRepoWriteSerializer(writer, signers)
                : new DurableTaskRepoWriteSerializer(DurableTaskRepoWriteSerializer.Settings(azurite.ConnectionString, "benchhub"), writer, signers);
            try
            {
                var one = Did.Parse($"did:plc:bench{mode}aaaaaaaaaaaaaaaa");
                await writer.CreateRepoAsync(one, key);
                for (var i = 0; i < 5; i++)
                {
                    await serializer.ApplyWritesAsync(one, [EngineBenchmark.Create($"warm{i}")]);
                }

                var latencies = new List<double>(commits);
                for (var i = 0; i < commits; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await serializer.ApplyWritesAsync(one, [EngineBenchmark.Create($"one{i}")]);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }

                var dids = Enumerable.Range(0, didCount).Select(i => Did.Parse($"did:plc:bench{mode}{i:d4}aaaaaaaaaaa")).ToList();
                foreach (var did in dids)
                {
                    await writer.CreateRepoAsync(did, key);
                }

                var concurrent = new ConcurrentBag<double>();
                var wall = Stopwatch.StartNew();
                await Task.WhenAll(dids.Select(did => Task.Run(async () =>
                {
                    for (var i = 0; i < perDid; i++)
                    {
                        var clock = Stopwatch.StartNew();
                        await serializer.ApplyWritesAsync(did, [EngineBenchmark.Create($"many{i}")]);
                        concurrent.Add(clock.Elapsed.TotalMilliseconds);
                    }
                })));
                wall.Stop();
                var rate = (didCount * perDid / wall.Elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);
                Console.WriteLine(
                    $"| {mode} | {EngineBenchmark.Ms(EngineBenchmark.Percentile(latencies, 0.50))} | {EngineBenchmark.Ms(EngineBenchmark.Percentile(latencies, 0.99))} | {rate} | "
                    + $"{EngineBenchmark.Ms(EngineBenchmark.Percentile([.. concurrent], 0.50))} / {EngineBenchmark.Ms(EngineBenchmark.Percentile([.. concurrent], 0.99))} |");
            }
            finally
            {
                if (serializer is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }

        return 0;
    }

    private sealed class OneKey(SigningKey key) : IAccountSigners
    {
        public ValueTask<ISigner> GetSignerAsync(Did did, CancellationToken cancellationToken = default) => ValueTask.FromResult<ISigner>(key);
    }
}
