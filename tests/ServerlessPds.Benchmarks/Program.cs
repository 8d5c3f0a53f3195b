using System.Globalization;
using System.Text.Json;
using ServerlessPds.Benchmarks;
using ServerlessPds.Benchmarks.Engine;
using ServerlessPds.Protocol.Data;

// Benchmarks print figures; they assert nothing about time. Usage:
//   dotnet run -c Release --project tests/ServerlessPds.Benchmarks -- core [--sizes 10000,100000] [--seed 42] [--commits 10000] [--no-reference]
//   dotnet run -c Release --project tests/ServerlessPds.Benchmarks -- fuzz [--iterations 2000000] [--seed 1]
//   dotnet run -c Release --project tests/ServerlessPds.Benchmarks -- engine [options]   (see Engine/EngineBenchmark.cs)
//   dotnet run -c Release --project tests/ServerlessPds.Benchmarks -- blobs [--mb 100]      (see Blobs/BlobBenchmark.cs)
//   dotnet run -c Release --project tests/ServerlessPds.Benchmarks -- http-fuzz [--iterations 20] [--seed 15]   (see HttpFuzzBenchmark.cs)
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "core";
string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, "--" + name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

switch (mode)
{
    case "core":
        await RunCoreAsync(
            Option("sizes", "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            uint.Parse(Option("seed", "42"), CultureInfo.InvariantCulture),
            int.Parse(Option("commits", "10000"), CultureInfo.InvariantCulture),
            !args.Contains("--no-reference"));
        return 0;
    case "engine":
        return await EngineBenchmark.RunAsync(args[1..]);
    case "serializers":
        return await ServerlessPds.Benchmarks.Engine.SerializerBenchmark.RunAsync(args[1..]);
    case "blobs":
        return await ServerlessPds.Benchmarks.Blobs.BlobBenchmark.RunAsync(args[1..]);
    case "http-fuzz":
        return await HttpFuzzBenchmark.RunAsync(int.Parse(Option("iterations", "20"), CultureInfo.InvariantCulture), int.Parse(Option("seed", "15"), CultureInfo.InvariantCulture));
    case "fuzz":
        FuzzRun.Run(long.Parse(Option("iterations", "2000000"), CultureInfo.InvariantCulture), int.Parse(Option("seed", "1"), CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}': use core, engine, serializers, blobs, fuzz or http-fuzz");
        return 2;
}

static async Task RunCoreAsync(int[] sizes, uint seed, int commits, bool withReference)
{
    Console.Error.WriteLine("warm-up");
    var warm = await CoreBenchmark.RunSizeAsync(seed, 2000, incremental: true);
    await CoreBenchmark.RunSigningAsync(Cid.Parse(warm.Root), 200);

    var ours = new List<CoreBenchmark.SizeResult>();
    foreach (var n in sizes)
    {
        Console.Error.WriteLine($"size {n}");
        ours.Add(await CoreBenchmark.RunSizeAsync(seed, n, incremental: true));
    }

    Console.Error.WriteLine($"signing {commits}");
    var signing = await CoreBenchmark.RunSigningAsync(Cid.Parse(ours[0].Root), commits);

    JsonElement? reference = null;
    if (withReference)
    {
        Console.Error.WriteLine("reference (@atproto/repo on Node 22)");
        reference = ReferenceRunner.Run("bench/reference-core.mjs", "--sizes", string.Join(',', sizes), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--commits", commits.ToString(CultureInfo.InvariantCulture));
    }

    var table = new ResultTable(reference is { } r ? r.GetProperty("implementation").GetString()! : "reference not run");
    for (var i = 0; i < ours.Count; i++)
    {
        var o = ours[i];
        var refSize = reference?.GetProperty("sizes")[i];
        var n = o.N.ToString("N0", CultureInfo.InvariantCulture);
        table.Add($"MST build + root, {n} records", o.N / (o.MstMs / 1000), Get(refSize, "mst", "ms") is { } rm ? o.N / (rm / 1000) : null, "records/s");
        table.Add($"  (ours, one AddAsync per record)", o.N / (o.MstIncrementalMs / 1000), null, "records/s");
        var mb = o.CarBytes / (1024.0 * 1024.0);
        table.Add($"CAR write, {n} records ({mb:F1} MB)", mb / (o.CarWriteMs / 1000), Get(refSize, "carWrite", "mbPerSec"), "MB/s");
        table.Add($"CAR read + verify + decode, {n}", mb / (o.CarReadMs / 1000), Get(refSize, "carRead", "mbPerSec"), "MB/s");
        if (refSize is { } rs)
        {
            var inputs = rs.GetProperty("inputs");
            table.Check($"MST root for {n} records equals the reference's", inputs.GetProperty("mstRoot").GetString() == o.Root);
            table.Check($"MST node count for {n} records equals the reference's", inputs.GetProperty("mstNodeCount").GetInt32() == o.NodeCount);
            table.Check($"CAR size for {n} records equals the reference's", rs.GetProperty("carWrite").GetProperty("bytes").GetInt64() == o.CarBytes);
        }
    }

    var refSign = reference?.GetProperty("signing");
    table.Add($"sign {signing.Count:N0} commits (encode + ES256K)", signing.Count / (signing.SignMs / 1000), Get(refSign, "sign", "opsPerSec"), "commits/s");
    table.Add($"verify {signing.Count:N0} commit signatures", signing.Count / (signing.VerifyMs / 1000), Get(refSign, "verify", "opsPerSec"), "commits/s");
    table.Add("  K-256 sign: NBitcoin.Secp256k1", signing.Count / (signing.NBitcoinSignMs / 1000), null, "ops/s");
    table.Add("  K-256 sign: OpenSSL ECDsa + low-S", signing.Count / (signing.OpenSslSignMs / 1000), null, "ops/s");
    table.Add("  K-256 verify: NBitcoin.Secp256k1", signing.Count / (signing.NBitcoinVerifyMs / 1000), null, "ops/s");
    table.Add("  K-256 verify: OpenSSL ECDsa + low-S", signing.Count / (signing.OpenSslVerifyMs / 1000), null, "ops/s");
    table.Note($"NBitcoin.Secp256k1 / OpenSSL rate: sign {signing.OpenSslSignMs / signing.NBitcoinSignMs:F2}x, verify {signing.OpenSslVerifyMs / signing.NBitcoinVerifyMs:F2}x (above 1 means NBitcoin is faster)");
    table.Check("NBitcoin and OpenSSL K-256 signatures verify under each other", signing.CrossVerified);
    if (refSign is { } sg)
    {
        table.Check("first unsigned commit CID equals the reference's", sg.GetProperty("inputs").GetProperty("firstUnsignedCommitCid").GetString() == signing.FirstUnsignedCommitCid);
    }

    table.Print(Console.Out, $"core benchmark, seed {seed}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
}

static double? Get(JsonElement? element, string section, string field) =>
    element is { } e && e.TryGetProperty(section, out var s) && s.TryGetProperty(field, out var f) ? f.GetDouble() : null;
