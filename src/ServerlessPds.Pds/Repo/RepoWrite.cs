using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>One record operation of a commit, as <see cref="RepoWriter.ApplyWritesAsync"/> takes it.</summary>
/// <remarks>Spec: lexicon com.atproto.repo.applyWrites (<c>#create</c>, <c>#update</c>, <c>#delete</c>); atproto.com/specs/repository.</remarks>
public sealed record RepoWrite
{
    /// <summary>Gets what the write does.</summary>
    public required RepoWriteAction Action { get; init; }

    /// <summary>Gets the record's collection.</summary>
    public required Nsid Collection { get; init; }

    /// <summary>Gets the record key; for a create, <see langword="null"/> asks for a fresh TID key. Required otherwise.</summary>
    public RecordKey? Rkey { get; init; }

    /// <summary>
    /// Gets the record for a create or update: a data model map. A missing <c>$type</c> is set to
    /// <see cref="Collection"/>; a different one is rejected. Ignored for a delete.
    /// </summary>
    public DataValue? Record { get; init; }

    /// <summary>Gets the condition on the record's current CID, or <see langword="null"/> for none.</summary>
    public RecordSwap? SwapRecord { get; init; }

    /// <summary>Creates a create write.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="rkey">The record key, or <see langword="null"/> for a fresh TID.</param>
    /// <param name="record">The record map.</param>
    /// <returns>The write.</returns>
    public static RepoWrite Create(Nsid collection, RecordKey? rkey, DataValue record) =>
        new() { Action = RepoWriteAction.Create, Collection = collection, Rkey = rkey, Record = record };

    /// <summary>Creates an update write.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="rkey">The record key.</param>
    /// <param name="record">The new record map.</param>
    /// <returns>The write.</returns>
    public static RepoWrite Update(Nsid collection, RecordKey rkey, DataValue record) =>
        new() { Action = RepoWriteAction.Update, Collection = collection, Rkey = rkey, Record = record };

    /// <summary>Creates a put write: create the record, or replace it when one exists.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="rkey">The record key.</param>
    /// <param name="record">The record map.</param>
    /// <returns>The write.</returns>
    public static RepoWrite Put(Nsid collection, RecordKey rkey, DataValue record) =>
        new() { Action = RepoWriteAction.Put, Collection = collection, Rkey = rkey, Record = record };

    /// <summary>Creates a delete write.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="rkey">The record key.</param>
    /// <returns>The write.</returns>
    public static RepoWrite Delete(Nsid collection, RecordKey rkey) =>
        new() { Action = RepoWriteAction.Delete, Collection = collection, Rkey = rkey };
}
