using Azure.Data.Tables;
using System.Text;
using Azure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>
/// Index changes too many for the head transaction ("index debt"): recorded in row <c>x:&lt;rev&gt;</c> and flagged on
/// the head (<c>Debt</c> = rev, <c>DebtDone</c> = chunks applied), with the blob reference changes of the commit, then applied in chunks, each a transaction that also
/// updates the head with <c>If-Match</c>. The head cannot move to a new commit while flagged (every reader of the head
/// finishes the debt first), so racing appliers write identical rows and the ETag chain keeps them in step.
/// </content>
public sealed partial class TableRepoStore
{
    /// <summary>
    /// The row operations per chunk: with the head and the debt row they stay under 100. A record index change is two
    /// operations (its <c>r:</c> and <c>v:</c> rows), a blob reference change one, so a chunk of index changes only
    /// holds 48 records, as rows written before blob references were recorded expect.
    /// </summary>
    private const int DebtActionsPerChunk = 96;

    private const int MaxHeadRepairs = 16;

    /// <summary>Reads the head row, first finishing any index debt it shows.</summary>
    private async Task<TableEntity?> ReadHeadEntityAsync(Did did, CancellationToken cancellationToken)
    {
        var pk = TableKeys.Partition(did);
        for (var i = 0; i < MaxHeadRepairs; i++)
        {
            var head = await _table.GetAsync(pk, TableKeys.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (head?.GetString("Debt") is null)
            {
                return head;
            }

            await ApplyDebtAsync(head, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The head of {did} kept showing unfinished index changes after {MaxHeadRepairs} repairs.");
    }

    /// <summary>
    /// Applies the index debt <paramref name="head"/> shows, from the chunk it records onwards. Returns the head's ETag
    /// once clear, or null when another instance finished it (the caller re-reads).
    /// </summary>
    private async Task<string?> ApplyDebtAsync(TableEntity head, CancellationToken cancellationToken)
    {
        var pk = head.PartitionKey;
        var rev = Tid.Parse(head.GetString("Debt")!);
        var row = await _table.GetAsync(pk, TableKeys.IndexDebt(rev), cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The head of partition {pk} shows index changes of {rev} but their row is missing.");
        var chunks = ChunkDebt(DecodeDebt(BinaryChunks.GetInline(row)));
        var etag = head.ETag;
        var settled = HeadRow(pk, head.GetString("Commit")!, head.GetString("Rev")!, head.GetString("Data")!, head.GetString(WriteStatusProperty), head.GetString(ReceiptsProperty));
        for (var i = head.GetInt32("DebtDone") ?? 0; i < Math.Max(chunks.Count, 1); i++)
        {
            var last = i >= chunks.Count - 1;
            var headAction = last
                ? TableQueries.Update(settled, etag)
                : TableQueries.Merge(new TableEntity(pk, TableKeys.Head).Set("DebtDone", i + 1), etag);
            List<TableTransactionAction> actions = [headAction, .. DebtActions(pk, rev, i < chunks.Count ? chunks[i] : [])];
            if (last)
            {
                actions.Add(TableQueries.Delete(pk, TableKeys.IndexDebt(rev), ETag.All));
            }

            try
            {
                etag = (await SubmitTolerantAsync(actions, cancellationToken).ConfigureAwait(false))[0];
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                return null;
            }
        }

        return etag.ToString();
    }

    /// <summary>
    /// Encodes the changes one per line: <c>+&lt;path&gt; &lt;cid&gt;</c> and <c>-&lt;path&gt;</c> for the record index,
    /// <c>&amp;&lt;path&gt; &lt;blob cid&gt;</c> and <c>~&lt;path&gt; &lt;blob cid&gt;</c> for blob references.
    /// </summary>
    private static byte[] EncodeDebt(CommitBatch batch)
    {
        var text = new StringBuilder();
        foreach (var (path, cid) in batch.IndexUpserts)
        {
            text.Append('+').Append(path.Value).Append(' ').Append(cid.ToString()).Append('\n');
        }

        foreach (var path in batch.IndexDeletes)
        {
            text.Append('-').Append(path.Value).Append('\n');
        }

        foreach (var reference in batch.BlobReferenceDeletes)
        {
            text.Append('~').Append(reference.Path.Value).Append(' ').Append(reference.Cid.ToString()).Append('\n');
        }

        foreach (var reference in batch.BlobReferenceUpserts)
        {
            text.Append('&').Append(reference.Path.Value).Append(' ').Append(reference.Cid.ToString()).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static List<(char Op, RepoPath Path, Cid? Cid)> DecodeDebt(byte[] bytes)
    {
        var changes = new List<(char, RepoPath, Cid?)>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            changes.Add(line[0] switch
            {
                '+' or '&' or '~' when space > 1 => (line[0], RepoPath.Parse(line[1..space]), Cid.Parse(line[(space + 1)..])),
                '-' => ('-', RepoPath.Parse(line[1..]), null),
                _ => throw new InvalidDataException($"Unreadable index change '{line}'."),
            });
        }

        return changes;
    }

    /// <summary>Splits the changes, in order, into chunks of at most <see cref="DebtActionsPerChunk"/> row operations.</summary>
    private static List<List<(char Op, RepoPath Path, Cid? Cid)>> ChunkDebt(List<(char Op, RepoPath Path, Cid? Cid)> changes)
    {
        var chunks = new List<List<(char Op, RepoPath Path, Cid? Cid)>>();
        var actions = 0;
        foreach (var change in changes)
        {
            var weight = change.Op is '+' or '-' ? 2 : 1;
            if (chunks.Count == 0 || actions + weight > DebtActionsPerChunk)
            {
                chunks.Add([]);
                actions = 0;
            }

            chunks[^1].Add(change);
            actions += weight;
        }

        return chunks;
    }

    private static List<TableTransactionAction> DebtActions(string pk, Tid rev, IEnumerable<(char Op, RepoPath Path, Cid? Cid)> changes)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var (op, path, cid) in changes)
        {
            actions.AddRange(op switch
            {
                '+' or '-' => IndexActions(pk, rev, [(path, cid)]),
                _ => BlobReferenceActions(pk, [(new BlobReference(cid!.Value, path), op == '&')]),
            });
        }

        return actions;
    }
}
