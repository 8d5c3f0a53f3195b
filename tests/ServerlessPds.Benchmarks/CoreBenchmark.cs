using System.Diagnostics;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Benchmarks;

/// <summary>Measures the protocol core on the inputs of tests/node/bench/reference-core.mjs.</summary>
internal static class CoreBenchmark
{
    public sealed record SizeResult(int N, string Root, int NodeCount, double MstMs, double MstIncrementalMs, long CarBytes, int Blocks, double CarWriteMs, double CarReadMs);

    /// <summary>
    /// Commit signing through the protocol API (encode + sign, verify), then K-256 alone on the same encoded commits:
    /// SHA-256 + ECDSA on NBitcoin.Secp256k1 (what <see cref="SigningKey"/> and <see cref="PublicKey"/> use) and on
    /// OpenSSL's ECDsa with the low-S work atproto needs on top (<see cref="OpenSslK256"/>).
    /// </summary>
    public sealed record SigningResult(
        int Count, string FirstUnsignedCommitCid, double SignMs, double VerifyMs,
        double NBitcoinSignMs, double NBitcoinVerifyMs, double OpenSslSignMs, double OpenSslVerifyMs, bool CrossVerified);

    public static async Task<SizeResult> RunSizeAsync(uint seed, int n, bool incremental)
    {
        var entries = BenchInputs.Entries(seed, n);
        var pairs = entries.Select(e => KeyValuePair.Create(e.Key, e.Cid)).ToList();

        Quiesce();
        var watch = Stopwatch.StartNew();
        var store = new MemoryBlockStore();
        var mst = Mst.Build(store, pairs);
        var root = await mst.GetRootCidAsync();
        var mstMs = watch.Elapsed.TotalMilliseconds;

        var incrementalMs = double.NaN;
        if (incremental)
        {
            watch.Restart();
            var grown = Mst.Create(new MemoryBlockStore());
            foreach (var (path, cid) in pairs)
            {
                grown = await grown.AddAsync(path, cid);
            }

            var grownRoot = await grown.GetRootCidAsync();
            incrementalMs = watch.Elapsed.TotalMilliseconds;
            if (grownRoot != root)
            {
                throw new InvalidOperationException("incremental and bulk MST roots differ");
            }
        }

        using var key = SigningKey.Import(KeyAlgorithm.K256, Convert.FromHexString(BenchInputs.PrivateKeyHex));
        var commit = await new UnsignedCommit(Did.Parse(BenchInputs.Did), root, Tid.Parse(BenchInputs.TidString(BenchInputs.TidBaseMicros, 0)), null).SignAsync(key);
        var blocks = new List<CarBlock> { new(commit.Cid, commit.Encode()) };
        await foreach (var (cid, bytes) in mst.WalkBlocksAsync())
        {
            blocks.Add(new CarBlock(cid, bytes));
        }

        var nodeCount = blocks.Count - 1;
        blocks.AddRange(entries.Select(e => new CarBlock(e.Cid, e.Record)));

        var output = new MemoryStream(capacity: 64 * 1024 * 1024);
        Quiesce();
        watch.Restart();
        await using (var writer = await CarWriter.CreateAsync(output, [commit.Cid]))
        {
            foreach (var block in blocks)
            {
                await writer.WriteBlockAsync(block);
            }

            await writer.FlushAsync();
        }

        var writeMs = watch.Elapsed.TotalMilliseconds;
        var car = output.ToArray();

        Quiesce();
        watch.Restart();
        var read = 0;
        using (var reader = await CarReader.OpenAsync(new MemoryStream(car, writable: false)))
        {
            await foreach (var block in reader.ReadBlocksAsync())
            {
                DagCbor.Decode(block.Bytes.Span);
                read++;
            }
        }

        var readMs = watch.Elapsed.TotalMilliseconds;
        if (read != blocks.Count)
        {
            throw new InvalidOperationException($"read {read} blocks, wrote {blocks.Count}");
        }

        return new SizeResult(n, root.ToString(), nodeCount, mstMs, incrementalMs, car.Length, blocks.Count, writeMs, readMs);
    }

    public static async Task<SigningResult> RunSigningAsync(Cid data, int count)
    {
        using var key = SigningKey.Import(KeyAlgorithm.K256, Convert.FromHexString(BenchInputs.PrivateKeyHex));
        var did = Did.Parse(BenchInputs.Did);
        var unsigned = Enumerable.Range(0, count)
            .Select(j => new UnsignedCommit(did, data, Tid.Parse(BenchInputs.TidString(BenchInputs.TidBaseMicros + (j * 1000L), 0)), null))
            .ToList();

        var watch = Stopwatch.StartNew();
        var signed = new List<(byte[] Bytes, byte[] Sig)>(count);
        foreach (var commit in unsigned)
        {
            var bytes = commit.Encode();
            signed.Add((bytes, key.Sign(bytes)));
        }

        var signMs = watch.Elapsed.TotalMilliseconds;
        var publicKey = PublicKey.FromDidKey(key.PublicKey.ToDidKey());
        watch.Restart();
        var ok = signed.Count(s => publicKey.Verify(s.Bytes, s.Sig));
        var verifyMs = watch.Elapsed.TotalMilliseconds;
        if (ok != count)
        {
            throw new InvalidOperationException($"only {ok} of {count} signatures verified");
        }

        var messages = signed.Select(s => s.Bytes).ToList();
        var (nbSign, nbVerify, nbSignatures) = TimeK256(messages, m => key.Sign(m), (m, sig) => publicKey.Verify(m, sig));
        using var openSsl = new OpenSslK256(Convert.FromHexString(BenchInputs.PrivateKeyHex));
        var (osSign, osVerify, osSignatures) = TimeK256(messages, openSsl.Sign, openSsl.Verify);
        var crossVerified = Enumerable.Range(0, count).All(i => publicKey.Verify(messages[i], osSignatures[i]) && openSsl.Verify(messages[i], nbSignatures[i]));
        return new SigningResult(count, Cid.ComputeDagCbor(signed[0].Bytes).ToString(), signMs, verifyMs, nbSign, nbVerify, osSign, osVerify, crossVerified);
    }

    /// <summary>Times signing every message, then verifying every signature; all must verify.</summary>
    private static (double SignMs, double VerifyMs, List<byte[]> Signatures) TimeK256(
        IReadOnlyList<byte[]> messages, Func<byte[], byte[]> sign, Func<byte[], byte[], bool> verify)
    {
        Quiesce();
        var watch = Stopwatch.StartNew();
        var signatures = new List<byte[]>(messages.Count);
        foreach (var message in messages)
        {
            signatures.Add(sign(message));
        }

        var signMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        for (var i = 0; i < messages.Count; i++)
        {
            if (!verify(messages[i], signatures[i]))
            {
                throw new InvalidOperationException("a K-256 implementation failed to verify its own signature");
            }
        }

        return (signMs, watch.Elapsed.TotalMilliseconds, signatures);
    }

    /// <summary>Collects garbage left by earlier steps so that it is not charged to the next timed step.</summary>
    private static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
