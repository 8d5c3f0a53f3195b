using System.Text.Json;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Car;

/// <summary>The reference repository fixtures (tests/fixtures/reference-repo) and helpers shared by the CAR tests.</summary>
public static class CarTestData
{
    /// <summary>Gets the folder of the reference repository made with @atproto/repo.</summary>
    public static string ReferenceRepoDirectory => Path.Combine(InteropVectors.RepoRoot, "tests", "fixtures", "reference-repo");

    /// <summary>Gets the parsed repo.json.</summary>
    public static JsonElement RepoJson { get; } = LoadJson();

    /// <summary>Reads one of the reference repository's files.</summary>
    public static byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(ReferenceRepoDirectory, name));

    /// <summary>Makes a DAG-CBOR block with a CID, holding <paramref name="payloadBytes"/> random bytes.</summary>
    public static CarBlock RandomBlock(Random random, int payloadBytes)
    {
        var payload = new byte[payloadBytes];
        random.NextBytes(payload);
        var bytes = DagCbor.Encode(DataMap.Of(("n", DataValue.From(random.Next())), ("p", DataValue.From(payload))));
        return new CarBlock(Cid.ComputeDagCbor(bytes), bytes);
    }

    /// <summary>Reads a CAR stream to the end.</summary>
    public static async Task<(IReadOnlyList<Cid> Roots, List<CarBlock> Blocks)> ReadStreamAsync(Stream stream, CarReaderOptions? options = null)
    {
        using var reader = await CarReader.OpenAsync(stream, options);
        var blocks = new List<CarBlock>();
        await foreach (var block in reader.ReadBlocksAsync())
        {
            blocks.Add(block);
        }

        return (reader.Roots, blocks);
    }

    /// <summary>Reads a CAR held in memory through the streaming reader, synchronously (every read completes at once).</summary>
    public static (IReadOnlyList<Cid> Roots, List<CarBlock> Blocks) ReadStream(byte[] car, bool seekable = true, int maxChunk = int.MaxValue, CarReaderOptions? options = null)
    {
        using Stream stream = seekable ? new MemoryStream(car, writable: false) : new ChunkedStream(car, maxChunk);
        var task = ReadStreamAsync(stream, options);
        Assert.True(task.IsCompleted, "reads from memory complete synchronously");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Asserts that two block lists hold the same CIDs and bytes in the same order.</summary>
    public static void AssertSameBlocks(IReadOnlyList<CarBlock> expected, IReadOnlyList<CarBlock> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Cid, actual[i].Cid);
            Assert.True(expected[i].Bytes.Span.SequenceEqual(actual[i].Bytes.Span), $"block {i} bytes differ");
        }
    }

    private static JsonElement LoadJson()
    {
        using var doc = JsonDocument.Parse(File("repo.json"));
        return doc.RootElement.Clone();
    }
}
