using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Car;

/// <summary>
/// The exception thrown when bytes are not a well-formed CAR v1 file: a bad or oversized header, a section whose length
/// is zero, oversized or longer than the remaining input, a malformed CID, a CID with an unsupported hash function or
/// codec, block bytes that do not hash to their CID, or input that ends inside a section.
/// </summary>
/// <remarks>
/// The message is one line that says where the problem is and what it is, for example
/// <c>CAR block 12 (bafyrei…) at byte 6100: the block's SHA-256 does not match its CID</c>.
/// Spec: atproto.com/specs/repository, "CAR File Serialization"; ipld.io CARv1.
/// </remarks>
public sealed class CarFormatException : FormatException
{
    /// <summary>The <see cref="BlockIndex"/> of a problem in the header rather than in a block section.</summary>
    public const int HeaderIndex = -1;

    /// <summary>Initializes a new instance; the message is built from the problem and its location.</summary>
    /// <param name="problem">What is wrong, as a sentence fragment without a trailing period (one line).</param>
    /// <param name="offset">The byte offset from the start of the CAR where the header or section begins.</param>
    /// <param name="blockIndex">The zero-based index of the block section, or <see cref="HeaderIndex"/> for the header.</param>
    /// <param name="cid">The CID of the section when it was read; the <see langword="default"/> value otherwise.</param>
    /// <param name="innerException">The decoder exception that revealed the problem, if any.</param>
    public CarFormatException(string problem, long offset, int blockIndex = HeaderIndex, Cid cid = default, Exception? innerException = null)
        : base(Format(problem, offset, blockIndex, cid), innerException)
    {
        Offset = offset;
        BlockIndex = blockIndex;
        Cid = cid;
    }

    /// <summary>Gets the byte offset from the start of the CAR of the header or section that is wrong.</summary>
    public long Offset { get; }

    /// <summary>Gets the zero-based index of the block section that is wrong, or <see cref="HeaderIndex"/> for the header.</summary>
    public int BlockIndex { get; }

    /// <summary>Gets the CID of the section that is wrong, or the <see langword="default"/> value when it was not read.</summary>
    public Cid Cid { get; }

    private static string Format(string problem, long offset, int blockIndex, Cid cid)
    {
        var where = blockIndex == HeaderIndex
            ? "header"
            : cid.IsDefault ? $"block {blockIndex}" : $"block {blockIndex} ({cid})";
        return $"CAR {where} at byte {offset}: {OneLine(problem)}";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
