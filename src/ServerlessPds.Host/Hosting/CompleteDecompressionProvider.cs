using Microsoft.AspNetCore.RequestDecompression;

namespace ServerlessPds.Host.Hosting;

/// <summary>
/// Decodes request bodies sent with <c>Content-Encoding: gzip</c>, <c>deflate</c> (zlib, RFC 1950) or <c>br</c>, and
/// refuses what the framework's decoders let through: a body that ends before its compressed stream does (truncated)
/// and one that cannot be decoded at all. Both fail the read with <see cref="BadHttpRequestException"/> (400), which
/// <see cref="Xrpc.XrpcErrorMiddleware"/> answers as 400 <c>InvalidRequest</c>; nothing downstream (a blob upload, a
/// record write) completes with partial input.
/// </summary>
/// <remarks>
/// gzip (RFC 1952) is complete when its trailer's ISIZE equals the number of decoded bytes (mod 2^32) and zlib (RFC 1950)
/// when its trailer's Adler-32 equals that of the decoded bytes; the framework's decoder already checks the gzip CRC-32
/// and zlib's Adler-32 when it reaches the trailer, but reports a missing trailer as a normal end. Brotli (RFC 7932)
/// is decoded with <see cref="System.IO.Compression.BrotliDecoder"/>, which tells a finished stream from one that
/// needs more input. The decoded size stays bounded by the endpoint's request body limit, which the request
/// decompression middleware applies to the decoded bytes.
/// </remarks>
/// <param name="encoding">The content coding: <c>gzip</c>, <c>deflate</c> or <c>br</c>.</param>
public sealed class CompleteDecompressionProvider(string encoding) : IDecompressionProvider
{
    /// <summary>The content codings this provider decodes.</summary>
    public static IReadOnlyList<string> Encodings { get; } = ["gzip", "deflate", "br"];

    /// <summary>Wraps the compressed body in a checking decoder.</summary>
    /// <param name="stream">The compressed request body.</param>
    /// <returns>The decoded body; reads fail with <see cref="BadHttpRequestException"/> (400) on undecodable or truncated input.</returns>
    public Stream GetDecompressionStream(Stream stream) => new CompleteDecompressionStream(stream, encoding);
}
