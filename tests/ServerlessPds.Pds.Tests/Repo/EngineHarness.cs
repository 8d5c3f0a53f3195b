using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Testing;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>One PDS's worth of in-memory storage, and writers, sweepers and readers over it (or over wrappers of it).</summary>
internal sealed class EngineHarness : IDisposable
{
    public static readonly Nsid Posts = Nsid.Parse("app.bsky.feed.post");

    public IRepoStore Repos { get; }

    public ManualTimeProvider Time { get; }

    public IPendingDirectory Pending { get; }

    public IEventLog Log { get; }

    public LocalEventNotifier Notifier { get; } = new();

    /// <summary>Gets the blob catalog every writer of this harness claims blobs from.</summary>
    public RecordingBlobCatalog Blobs { get; } = new();

    /// <summary>Gets the account's signing key: P-256 by default, because K-256 signing here is about 60 times slower.</summary>
    public SigningKey Key { get; }

    public Did Did { get; } = TestIds.Did(1);

    public RepoReader Reader => new(Repos);

    /// <summary>Gets the records whose write was acknowledged, in order: each creates a new rkey (and deletes the previous one).</summary>
    public List<(RecordKey Rkey, Cid Cid)> Acknowledged { get; } = [];

    public EngineHarness(KeyAlgorithm? algorithm = null)
    {
        Key = SigningKey.Generate(algorithm ?? KeyAlgorithm.P256);
        Time = new ManualTimeProvider();
        Repos = new MemoryRepoStore();
        Pending = new MemoryPendingDirectory(Time);
        Log = new MemoryEventLog(Time);
    }

    /// <summary>Initializes a harness over other storage (its clock must be the one <paramref name="time"/> stands for).</summary>
    public EngineHarness(IRepoStore repos, IPendingDirectory pending, IEventLog log, ManualTimeProvider time, KeyAlgorithm? algorithm = null)
    {
        Key = SigningKey.Generate(algorithm ?? KeyAlgorithm.P256);
        Time = time;
        Repos = repos;
        Pending = pending;
        Log = log;
    }

    public static DataMap Post(string text) => DataMap.Of(
        ("$type", DataValue.From(Posts.Value)),
        ("text", DataValue.From(text)),
        ("createdAt", DataValue.From("2025-01-02T03:04:05.000Z")));

    public static RepoWrite Create(string rkey, string text) => RepoWrite.Create(Posts, RecordKey.Parse(rkey), Post(text));

    public RepoWriter NewWriter(
        IRepoStore? repos = null, IPendingDirectory? pending = null, IEventLog? log = null, RepoWriterOptions? options = null, IAccountStore? accounts = null) =>
        new(repos ?? Repos, pending ?? Pending, new Sequencer(repos ?? Repos, log ?? Log, Notifier), Blobs, options, Time, accounts: accounts);

    public SequencerSweeper NewSweeper(IRepoStore? repos = null, IPendingDirectory? pending = null, IEventLog? log = null) =>
        new(pending ?? Pending, repos ?? Repos, new Sequencer(repos ?? Repos, log ?? Log, Notifier), new SequencerSweeperOptions { IdleMarkerAge = TimeSpan.FromMinutes(30) }, Time);

    /// <summary>Runs the sweeper after the idle age has passed, until it reports nothing left to do.</summary>
    public async Task SweepUntilCleanAsync()
    {
        Time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++)
        {
            var result = await NewSweeper().RunOnceAsync();
            Assert.Empty(result.Failures);
            if (result.Markers == 0)
            {
                return;
            }
        }

        Assert.Fail("The sweeper did not settle.");
    }

    public void Dispose() => Key.Dispose();
}
