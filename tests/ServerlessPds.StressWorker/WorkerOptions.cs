using System.Globalization;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>
/// The command line: <c>--connection &lt;cs&gt; --prefix &lt;table prefix&gt; --did &lt;did&gt;[,&lt;did&gt;…]
/// --key &lt;alg&gt;:&lt;hex private key&gt; --writers N --ops N [--worker N] [--crash-at STEP] [--crash-count N]
/// [--max-inline-blocks N] [--serializer cas|entity] [--task-hub NAME] [--partitions N]
/// [--visibility-seconds N]</c>. Writers are spread over the
/// DIDs round-robin. <c>--serializer</c> picks the repo write serialiser the writers commit through: <c>cas</c> (the
/// default: this process's writer, the head's ETag compare-and-swap) or <c>entity</c> (the Durable Entity per DID on the
/// Durable Task Framework's Azure Storage backend, on the same storage account, whose worker runs in this process and in
/// every other worker process of the task hub). The task hub is <c>--task-hub</c>, or else derived from the prefix
/// (<see cref="TaskHub"/>); <c>--partitions</c> sets its partition count (default 4) when this process creates it, and
/// <c>--visibility-seconds</c> how long its dequeued control messages stay hidden (<see cref="EntitySettings"/>).
/// </summary>
internal sealed record WorkerOptions
{
    public required string ConnectionString { get; init; }

    public required string Prefix { get; init; }

    public required IReadOnlyList<Did> Dids { get; init; }

    public required SigningKey Key { get; init; }

    public int Writers { get; init; } = 8;

    public int Ops { get; init; } = 4;

    public int Worker { get; init; }

    public CrashStep? CrashAt { get; init; }

    public int CrashCount { get; init; } = 4;

    public int? MaxInlineBlocks { get; init; }

    public string Serializer { get; init; } = "cas";

    /// <summary>Gets the task hub of the entity serialiser: letters and digits, starting with a letter.</summary>
    public string TaskHub { get; init; } = "";

    public int Partitions { get; init; } = 4;

    public int? VisibilitySeconds { get; init; }

    public static WorkerOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var key = Required("key").Split(':', 2);
        return new WorkerOptions
        {
            ConnectionString = Required("connection"),
            Prefix = Required("prefix"),
            Dids = Required("did").Split(',').Select(Did.Parse).ToList(),
            Key = SigningKey.Import(KeyAlgorithm.All.Single(a => a.Name == key[0]), Convert.FromHexString(key[1])),
            Writers = Number("writers", 8),
            Ops = Number("ops", 4),
            Worker = Number("worker", 0),
            CrashAt = values.TryGetValue("crash-at", out var step) ? CrashSteps.Parse(step) : null,
            CrashCount = Number("crash-count", 4),
            MaxInlineBlocks = values.ContainsKey("max-inline-blocks") ? Number("max-inline-blocks", 80) : null,
            Serializer = values.GetValueOrDefault("serializer", "cas") switch
            {
                "cas" => "cas",
                "entity" => "entity",
                var other => throw new ArgumentException($"--serializer must be cas or entity, not '{other}'."),
            },
            TaskHub = values.TryGetValue("task-hub", out var hub) ? hub : "hub" + new string([.. Required("prefix").Where(char.IsAsciiLetterOrDigit)]),
            Partitions = Number("partitions", 4),
            VisibilitySeconds = values.ContainsKey("visibility-seconds") ? Number("visibility-seconds", 300) : null,
        };
    }
}
