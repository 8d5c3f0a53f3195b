using ServerlessPds.Durable;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.StressWorker;

// Usage: see WorkerOptions. Prints one AckLine (JSON) per write to stdout; exits 0 when every writer is done.
// `blobgc ...` runs the blob garbage collector instead (BlobGcMode).
if (args.Length > 0 && args[0] == "blobgc")
{
    return await BlobGcMode.RunAsync(args[1..]);
}

var options = WorkerOptions.Parse(args);
var connection = StorageConnection.FromConnectionString(options.ConnectionString);
var names = AzureRepoStorageNames.WithPrefix(options.Prefix);
var crash = new CrashTrigger(options.CrashAt, options.CrashCount);
IRepoStore repos = new CrashingRepoStore(new TableRepoStore(connection, names), crash);
IEventLog log = new CrashingEventLog(new TableEventLog(connection, names), crash);
var writer = new RepoWriter(
    repos,
    new TablePendingDirectory(connection, names),
    new Sequencer(repos, log, new LocalEventNotifier()),
    new NoBlobCatalog(),
    new RepoWriterOptions
    {
        MaxAttempts = 200,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        MaxInlineBlocks = options.MaxInlineBlocks ?? new RepoWriterOptions().MaxInlineBlocks,
    });
var signers = new StressSigners(options.Dids, options.Key);
IRepoWriteSerializer serializer = options.Serializer == "entity"
    ? new DurableTaskRepoWriteSerializer(EntitySettings.For(options), writer, signers)
    : new DirectRepoWriteSerializer(writer, signers);
await Task.WhenAll(Enumerable.Range(0, options.Writers).Select(w =>
    Task.Run(() => WriterLoop.RunAsync(serializer, options.Dids[w % options.Dids.Count], options.Worker, w, options.Ops))));
if (serializer is IAsyncDisposable disposable)
{
    // Hands this process's partitions of the task hub over to the workers still running.
    await disposable.DisposeAsync();
}

return 0;
