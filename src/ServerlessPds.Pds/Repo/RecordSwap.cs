using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// A compare-and-swap condition on one record: the write applies only if the record's current CID is
/// <see cref="Cid"/>, or if there is no record when <see cref="Cid"/> is <see langword="null"/>.
/// </summary>
/// <remarks>Spec: lexicons com.atproto.repo.putRecord and deleteRecord (<c>swapRecord</c>; null means "must not exist").</remarks>
/// <param name="Cid">The CID the record must have, or <see langword="null"/> for "no record".</param>
public readonly record struct RecordSwap(Cid? Cid)
{
    /// <summary>Gets the condition "no record is at the path".</summary>
    public static RecordSwap Absent => new(null);
}
