using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

/// <summary>Random bytes and bit flips of real node blocks: loading throws only the documented format exceptions.</summary>
public class MstFuzzTests
{
    private const int Seed = 20240611;

    [Fact]
    public async Task Decode_RandomAndMutatedNodes_ThrowsOnlyFormatExceptions()
    {
        var random = new Random(Seed);
        var blocks = await RealBlocks();
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var input = i % 4 == 0 ? RandomBytes(random) : Mutate(random, blocks[random.Next(blocks.Count)]);
            try
            {
                MstNodeCodec.Decode(input, null, null, -1, null, null);
                decoded++;
            }
            catch (Exception e) when (e is MstFormatException or DagCborFormatException)
            {
            }
        }

        Assert.InRange(decoded, 1, 19_999);
    }

    [Fact]
    public async Task Load_MutatedRootStoredUnderItsOwnCid_ThrowsOnlyDocumentedExceptions()
    {
        var random = new Random(Seed + 1);
        var tree = Mst.Build(null, MstFixture.Read("random-10").Entries);
        var blocks = await tree.GetNewBlocksAsync();
        var root = blocks[0].Bytes;
        var store = new MemoryBlockStore(blocks);
        for (var i = 0; i < 2_000; i++)
        {
            var mutated = Mutate(random, root);
            var cid = store.Put(mutated);
            try
            {
                await Mst.Load(store, cid).ListAsync().CountAsync();
            }
            catch (Exception e) when (e is MstFormatException or DagCborFormatException or MissingBlockException)
            {
            }
        }
    }

    private static async Task<List<byte[]>> RealBlocks()
    {
        var tree = Mst.Build(null, MstFixture.Read("deep-300").Entries);
        return [.. (await tree.GetNewBlocksAsync()).Select(b => b.Bytes)];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = 0xa2;
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(3))
        {
            case 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            default:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
        }
    }
}
