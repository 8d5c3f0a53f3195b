using System.Globalization;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>
/// The command line: <c>--connection &lt;cs&gt; --prefix &lt;table prefix&gt; --did &lt;did&gt;[,&lt;did&gt;…]
/// --key &lt;alg&gt;:&lt;hex private key&gt; --writers N --ops N [--worker N] [--crash-at STEP] [--crash-count N]
/// [--max-inline-blocks N]</c>. Writers are spread over the DIDs round-robin.
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
        };
    }
}
