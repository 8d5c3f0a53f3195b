using Azure;
using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>The commit: one conditional entity group transaction when it fits, else blocks first.</content>
public sealed partial class TableRepoStore
{
    private const int MaxHistoryWalk = 1000;
    private const string ReceiptsProperty = "Receipts";

    /// <inheritdoc/>
    /// <remarks>
    /// <para>One entity group transaction when everything fits (100 operations, 4 MiB): the head replaced with
    /// <c>If-Match</c> (inserted for a new repo), the blocks, the index rows, the blob reference rows, the outbox row and the deletion of sequenced
    /// outbox rows. Otherwise the blocks go first in their own transactions (idempotent, and unreachable until the head
    /// points at them), then one transaction swaps the head and writes the outbox and the index. When even the index
    /// changes (record index and blob references) do not fit (a commit of about 48 or more writes), that transaction records them in a row
    /// <c>x:&lt;rev&gt;</c> and marks the head, and they are applied right after in transactions that are each
    /// conditional on the head's ETag; a crash in between is finished by the next <see cref="GetHeadAsync"/> of any
    /// instance (so by the next writer), and until then reads of those records see their previous state.</para>
    /// <para>A lost answer: the client retries, so a transaction can be applied and still fail with 409 or 412, or fail
    /// with no answer at all. Each failure re-reads the head and walks its history back to this commit's rev: if the
    /// commit is there, the call succeeds.</para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="batch"/>'s outbox entry has another rev than the batch.</exception>
    public Task<RepoHead> CommitAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Outbox is { } outbox && outbox.Rev != batch.Rev)
        {
            throw new ArgumentException($"The outbox entry's rev {outbox.Rev} is not the batch's rev {batch.Rev}.", nameof(batch));
        }

        return StorageFailures.GuardAsync(() => CommitCoreAsync(did, expected, batch, cancellationToken));
    }

    private async Task<RepoHead> CommitCoreAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken)
    {
        var pk = TableKeys.Partition(did);
        var blocks = await BlockActionsAsync(did, batch.Blocks, cancellationToken).ConfigureAwait(false);
        TableTransactionAction[] outbox = batch.Outbox is { } entry ? [await OutboxActionAsync(did, entry, cancellationToken).ConfigureAwait(false)] : [];
        var index = IndexActions(pk, batch.Rev, batch.IndexUpserts.Select(u => (u.Key, (Cid?)u.Value)).Concat(batch.IndexDeletes.Select(d => (d, (Cid?)null))));
        index.AddRange(BlobReferenceActions(pk, batch.BlobReferenceDeletes.Select(r => (r, false)).Concat(batch.BlobReferenceUpserts.Select(r => (r, true)))));
        var sequenced = batch.SequencedOutboxDeletes.Select(r => TableQueries.Delete(pk, TableKeys.Outbox(r), ETag.All)).ToList();
        var head = HeadRow(pk, batch.CommitCid.ToString(), batch.Rev.Value, batch.DataCid.ToString(), batch.WriteStatus.ToString(), batch.Receipts);
        TableTransactionAction HeadAction() =>
            expected is null ? TableQueries.Insert(head) : TableQueries.Update(head, new ETag(expected.Version));

        List<TableTransactionAction> final = [HeadAction(), .. outbox, .. index, .. sequenced, .. blocks];
        List<TableTransactionAction> deferred = [];
        var debt = false;
        if (!TransactionPacking.Fits(final))
        {
            await SubmitAllAsync(blocks, cancellationToken).ConfigureAwait(false);
            final = [HeadAction(), .. outbox, .. index, .. sequenced];
            if (!TransactionPacking.Fits(final))
            {
                deferred = sequenced;
                final = [HeadAction(), .. outbox, .. index];
            }

            if (!TransactionPacking.Fits(final))
            {
                debt = true;
                head.Set("Debt", batch.Rev.Value).Set("DebtDone", 0);
                var row = BinaryChunks.SetInline(new TableEntity(pk, TableKeys.IndexDebt(batch.Rev)), EncodeDebt(batch));
                final = [HeadAction(), .. outbox, TableQueries.Upsert(row)];
            }
        }

        string? version;
        try
        {
            head.ETag = (await SubmitTolerantAsync(final, cancellationToken).ConfigureAwait(false))[0];
            version = debt ? await ApplyDebtAsync(head, cancellationToken).ConfigureAwait(false) : head.ETag.ToString();
        }
        catch (Exception e) when (e is RequestFailedException { Status: 412 or 409 } || StorageErrors.IsUnavailable(e)
            || (e is RequestFailedException { Status: 404 } r && StorageErrors.FailedIndex(r) == 0))
        {
            version = await ResolveLostAnswerAsync(did, expected, batch, e, cancellationToken).ConfigureAwait(false);
        }

        if (deferred.Count > 0)
        {
            try
            {
                await SubmitAllAsync(deferred, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RequestFailedException || StorageErrors.IsUnavailable(e))
            {
                // Sequenced entries left behind are harmless: the next drain finds them sequenced and deletes them.
            }
        }

        return new RepoHead(batch.CommitCid, batch.Rev, batch.DataCid, version ?? await CurrentVersionAsync(pk, batch, cancellationToken).ConfigureAwait(false))
        {
            WriteStatus = batch.WriteStatus,
            Receipts = batch.Receipts,
        };
    }

    /// <summary>
    /// After a failed head swap: returns the head version if the commit is in the history after all (a retried request
    /// that had been applied), null when it is but the version must be read again; throws the concurrency error or the
    /// original exception otherwise.
    /// </summary>
    private async Task<string?> ResolveLostAnswerAsync(Did did, RepoHead? expected, CommitBatch batch, Exception failure, CancellationToken cancellationToken)
    {
        var pk = TableKeys.Partition(did);
        var current = await _table.GetAsync(pk, TableKeys.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!await InHistoryAsync(did, current, batch, cancellationToken).ConfigureAwait(false))
        {
            if (StorageErrors.IsUnavailable(failure))
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw new RepoConcurrencyException(did, $"The head of {did} is {current?.GetString("Commit") ?? "absent"}, not {expected?.CommitCid.ToString() ?? "absent"}.");
        }

        if (current!.GetString("Commit") != batch.CommitCid.ToString())
        {
            return "superseded:" + batch.Rev.Value;
        }

        return current.GetString("Debt") is null ? current.ETag.ToString() : await ApplyDebtAsync(current, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> CurrentVersionAsync(string pk, CommitBatch batch, CancellationToken cancellationToken)
    {
        var current = await _table.GetAsync(pk, TableKeys.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        return current?.GetString("Commit") == batch.CommitCid.ToString() && current.GetString("Debt") is null
            ? current.ETag.ToString()
            : "superseded:" + batch.Rev.Value;
    }

    /// <summary>Walks back from <paramref name="head"/> through <c>prev</c> until a rev at or below the batch's.</summary>
    private async Task<bool> InHistoryAsync(Did did, TableEntity? head, CommitBatch batch, CancellationToken cancellationToken)
    {
        Cid? cid = head?.GetString("Commit") is { } text ? Cid.Parse(text) : null;
        for (var step = 0; step < MaxHistoryWalk && cid is { } c; step++)
        {
            if (c == batch.CommitCid)
            {
                return true;
            }

            var bytes = await GetBlockAsync(did, c, cancellationToken).ConfigureAwait(false);
            if (bytes is not { } b)
            {
                return false;
            }

            var commit = Commit.Decode(b.Span);
            if (commit.Rev <= batch.Rev)
            {
                return false;
            }

            cid = commit.Prev;
        }

        return false;
    }

    private async Task<List<TableTransactionAction>> BlockActionsAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken)
    {
        var pk = TableKeys.Partition(did);
        var distinct = blocks.DistinctBy(b => b.Cid).ToList();
        var large = distinct.Where(b => b.Bytes.Length > BinaryChunks.MaxInlineBytes).ToList();
        await Parallel.ForEachAsync(
            large,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken },
            async (block, token) => await _blocks.GetBlobClient(TableKeys.BlockBlob(did, block.Cid))
                .UploadAsync(new BinaryData(block.Bytes), overwrite: true, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return distinct.Select(b =>
        {
            var entity = new TableEntity(pk, TableKeys.Block(b.Cid));
            return TableQueries.Upsert(b.Bytes.Length > BinaryChunks.MaxInlineBytes
                ? BinaryChunks.SetBlobPointer(entity, b.Bytes.Length)
                : BinaryChunks.SetInline(entity, b.Bytes.Span));
        }).ToList();
    }

    /// <summary>
    /// The head row as a commit leaves it: the commit CID, rev, MST root CID, the write status (absent on heads stored
    /// before it was recorded), the writer's receipts (absent when none), and no index debt marks.
    /// </summary>
    private static TableEntity HeadRow(string pk, string commit, string rev, string data, string? writeStatus, string? receipts)
    {
        var head = new TableEntity(pk, TableKeys.Head).Set("Commit", commit).Set("Rev", rev).Set("Data", data);
        if (receipts is not null)
        {
            head.Set(ReceiptsProperty, receipts);
        }

        return writeStatus is null ? head : head.Set(WriteStatusProperty, writeStatus);
    }

    private async Task<TableTransactionAction> OutboxActionAsync(Did did, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var bytes = OutboxCodec.Encode(entry.Events);
        var entity = new TableEntity(TableKeys.Partition(did), TableKeys.Outbox(entry.Rev));
        if (bytes.Length <= BinaryChunks.MaxInlineBytes)
        {
            return TableQueries.Upsert(BinaryChunks.SetInline(entity, bytes));
        }

        await _events.GetBlobClient(TableKeys.EventBlob(did, entry.Rev)).UploadAsync(new BinaryData(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
        return TableQueries.Upsert(BinaryChunks.SetBlobPointer(entity, bytes.Length));
    }

    private static List<TableTransactionAction> IndexActions(string pk, Tid rev, IEnumerable<(RepoPath Path, Cid? Cid)> changes)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var (path, cid) in changes)
        {
            foreach (var rowKey in new[] { TableKeys.Record(path), TableKeys.RecordDescending(path) })
            {
                actions.Add(cid is { } c
                    ? TableQueries.Upsert(new TableEntity(pk, rowKey).Set("Path", path.Value).Set("Cid", c.ToString()).Set("Rev", rev.Value))
                    : TableQueries.Delete(pk, rowKey, ETag.All));
            }
        }

        return actions;
    }

    /// <summary>Submits any number of actions of one partition as consecutive transactions, several at a time.</summary>
    private Task SubmitAllAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken) => Parallel.ForEachAsync(
        TransactionPacking.Pack(actions),
        new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken },
        async (batch, token) => await SubmitTolerantAsync(batch, token).ConfigureAwait(false));

    /// <summary>Submits one transaction; a delete of a row that is already gone is dropped and the rest submitted again.</summary>
    private async Task<IReadOnlyList<ETag>> SubmitTolerantAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await _table.SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (StorageErrors.IsNotFound(e) && StorageErrors.FailedIndex(e) is { } i
                && actions[i].ActionType == TableTransactionActionType.Delete && actions.Count > 1)
            {
                actions = [.. actions[..i], .. actions[(i + 1)..]];
            }
            catch (RequestFailedException e) when (StorageErrors.IsNotFound(e) && StorageErrors.FailedIndex(e) is 0
                && actions[0].ActionType == TableTransactionActionType.Delete)
            {
                return [default];
            }
        }
    }
}
