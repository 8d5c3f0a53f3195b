using System.Net;
using System.Security.Cryptography;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// An HTTP body of <c>length</c> deterministic pseudo-random bytes (fixed seed), written in chunks as it is sent, so a
/// 100 MB upload never exists whole in the test process. Without a known length it is sent chunked.
/// </summary>
public sealed class PatternContent(long length, int seed, bool declareLength = true) : HttpContent
{
    /// <summary>Computes the SHA-256 of the bytes this content sends.</summary>
    public static byte[] Sha256(long length, int seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in Chunks(length, seed))
        {
            hash.AppendData(chunk);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Gets the first <paramref name="count"/> bytes of the pattern.</summary>
    public static byte[] Bytes(long count, int seed) => Chunks(count, seed).SelectMany(c => c).ToArray();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        foreach (var chunk in Chunks(length, seed))
        {
            await stream.WriteAsync(chunk);
        }
    }

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return declareLength;
    }

    private static IEnumerable<byte[]> Chunks(long length, int seed)
    {
        var random = new Random(seed);
        for (long sent = 0; sent < length;)
        {
            var chunk = new byte[(int)Math.Min(256 * 1024, length - sent)];
            random.NextBytes(chunk);
            sent += chunk.Length;
            yield return chunk;
        }
    }
}
