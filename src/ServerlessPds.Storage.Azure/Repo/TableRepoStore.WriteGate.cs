using Azure;
using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>The write gate: the account's hosting status as a property of the head row.</content>
public sealed partial class TableRepoStore
{
    private const string WriteStatusProperty = "Status";
    private const int MaxWriteStatusAttempts = 16;

    /// <inheritdoc/>
    /// <remarks>
    /// A merge of the head row's <c>Status</c> property with <c>If-Match</c> on the ETag just read (any unfinished index
    /// debt is finished first), so the head's ETag changes and every commit prepared before fails its swap. A status the
    /// head already records is not written again.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Commits of other writers won <see cref="MaxWriteStatusAttempts"/> times in a row.</exception>
    public Task<RepoHead?> SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            for (var attempt = 0; attempt < MaxWriteStatusAttempts; attempt++)
            {
                var head = await ReadHeadEntityAsync(did, cancellationToken).ConfigureAwait(false);
                if (head is null || head.GetString(WriteStatusProperty) == status.ToString())
                {
                    return head is null ? null : ToHead(head);
                }

                try
                {
                    var change = new TableEntity(head.PartitionKey, TableKeys.Head).Set(WriteStatusProperty, status.ToString());
                    head.ETag = await _table.MergeAsync(change, head.ETag, cancellationToken).ConfigureAwait(false);
                    return ToHead(head.Set(WriteStatusProperty, status.ToString()));
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // A commit landed in between: read the new head and try again.
                }
            }

            throw new InvalidOperationException($"The head of {did} kept changing while its write status was being set.");
        });
    }

    private static AccountStatus? ReadWriteStatus(TableEntity head) =>
        Enum.TryParse<AccountStatus>(head.GetString(WriteStatusProperty), out var status) ? status : null;
}
