using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>One <see cref="RepoWrite"/> as a message: strings for the syntax types and the record as DAG-CBOR bytes (base64 in JSON).</summary>
/// <param name="Action">The <see cref="RepoWriteAction"/> name.</param>
/// <param name="Collection">The collection NSID.</param>
/// <param name="Rkey">The record key, or <see langword="null"/> for a create that lets the writer choose a TID.</param>
/// <param name="Record">The record's DAG-CBOR bytes; <see langword="null"/> for a delete.</param>
/// <param name="SwapRecord"><see langword="true"/> when the write carries a <c>swapRecord</c> condition.</param>
/// <param name="SwapRecordCid">The CID the record must have, or <see langword="null"/> (with <paramref name="SwapRecord"/>: it must be absent).</param>
public sealed record RepoWriteMessage(string Action, string Collection, string? Rkey, byte[]? Record, bool SwapRecord, string? SwapRecordCid)
{
    /// <summary>Converts a write.</summary>
    /// <param name="write">The write.</param>
    /// <returns>The message.</returns>
    public static RepoWriteMessage From(RepoWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new(
            write.Action.ToString(), write.Collection.Value, write.Rkey?.Value, write.Record is { } record ? DagCbor.Encode(record) : null,
            write.SwapRecord is not null, write.SwapRecord?.Cid?.ToString());
    }

    /// <summary>Converts back to the write.</summary>
    /// <returns>The write.</returns>
    public RepoWrite ToWrite() => new()
    {
        Action = Enum.Parse<RepoWriteAction>(Action),
        Collection = Nsid.Parse(Collection),
        Rkey = Rkey is null ? null : RecordKey.Parse(Rkey),
        Record = Record is null ? null : DagCbor.Decode(Record),
        SwapRecord = SwapRecord ? new RecordSwap(SwapRecordCid is null ? null : Cid.Parse(SwapRecordCid)) : null,
    };
}
