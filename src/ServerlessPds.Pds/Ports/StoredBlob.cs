using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>What the PDS knows of one uploaded blob of one account.</summary>
/// <remarks>Lexicon: com.atproto.repo.uploadBlob (the blob ref's <c>ref</c>, <c>mimeType</c> and <c>size</c>).</remarks>
/// <param name="Did">The account that uploaded it.</param>
/// <param name="Cid">The blob's CID: CIDv1, raw codec (0x55), SHA-256 of the bytes.</param>
/// <param name="Size">The length of the bytes.</param>
/// <param name="MimeType">The content type stored with the blob (the one served by getBlob).</param>
/// <param name="CreatedAt">When the upload finished (UTC).</param>
public sealed record StoredBlob(Did Did, Cid Cid, long Size, string MimeType, DateTimeOffset CreatedAt);
