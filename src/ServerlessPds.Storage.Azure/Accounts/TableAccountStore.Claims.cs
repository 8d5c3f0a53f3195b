using Azure;
using Azure.Data.Tables;
using ServerlessPds.Storage.Azure.Common;
using static ServerlessPds.Storage.Azure.Accounts.TableAccountKeys;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <content>Unique handle and email claims: rows (<c>handle</c> or <c>email</c>, escaped value) naming the holder DID.</content>
public sealed partial class TableAccountStore
{
    private const string HeldBySelf = "held-by-self";
    private const int MaxClaimAttempts = 4;

    /// <summary>
    /// Claims <paramref name="value"/> for <paramref name="did"/> by inserting its claim row. Returns the new row's
    /// ETag; <see cref="HeldBySelf"/> when <paramref name="allowHeldBySelf"/> and <paramref name="did"/> already holds
    /// it; <see langword="null"/> when another holder keeps it. An orphaned claim (see <see cref="IsOrphanAsync"/>) is
    /// deleted and the insert retried.
    /// </summary>
    private async Task<string?> ClaimAsync(string partition, string value, string did, bool allowHeldBySelf,
        CancellationToken cancellationToken)
    {
        var key = Key("", value, nameof(value));
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var writeId = Guid.NewGuid();
            var entity = new TableEntity(partition, key)
                .Set("Did", did)
                .Set("ClaimedAt", _time.GetUtcNow())
                .Set(WriteIdProperty, writeId);
            try
            {
                return (await _claims.InsertAsync(entity, cancellationToken).ConfigureAwait(false)).ToString();
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Held by someone, or our own insert applied by an earlier try of the pipeline's retry.
            }
            var existing = await _claims.GetAsync(partition, key, null, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue;
            }
            if (existing.GetGuid(WriteIdProperty) == writeId)
            {
                return existing.ETag.ToString();
            }
            var holder = existing.GetString("Did");
            if (allowHeldBySelf && holder == did)
            {
                return HeldBySelf;
            }
            if (!await IsOrphanAsync(partition, value, existing, holder, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            await TryDeleteAsync(_claims, partition, key, existing.ETag, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private Task<string?> ClaimAsync(string partition, string value, string did, CancellationToken cancellationToken) =>
        ClaimAsync(partition, value, did, allowHeldBySelf: false, cancellationToken);

    /// <summary>
    /// A claim is orphaned when it is older than <see cref="OrphanClaimGracePeriod"/> and its holder has no account row
    /// or an account with another handle (email): left by a creation or handle change that died half-way.
    /// </summary>
    private async Task<bool> IsOrphanAsync(string partition, string value, TableEntity claim, string? holder,
        CancellationToken cancellationToken)
    {
        var claimedAt = claim.GetDateTimeOffset("ClaimedAt") ?? claim.Timestamp ?? DateTimeOffset.MinValue;
        if (_time.GetUtcNow() - claimedAt < OrphanClaimGracePeriod)
        {
            return false;
        }
        var account = holder is null ? null : await ReadAccountAsync(holder, cancellationToken).ConfigureAwait(false);
        return account is null || (partition == HandlePartition ? account.Handle.Value != value : account.Email != value);
    }

    private async Task<string?> ReadClaimHolderAsync(string partition, string value, CancellationToken cancellationToken)
    {
        var key = TryKey("", value);
        var claim = key is null ? null : await _claims.GetAsync(partition, key, null, cancellationToken).ConfigureAwait(false);
        return claim?.GetString("Did");
    }

    /// <summary>Deletes a claim this call made (If-Match its ETag); gone or changed claims are left alone.</summary>
    private async Task GiveBackAsync(string partition, string value, string claimETag, CancellationToken cancellationToken)
    {
        if (claimETag != HeldBySelf)
        {
            await TryDeleteAsync(_claims, partition, Key("", value, nameof(value)), new global::Azure.ETag(claimETag), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a claim if <paramref name="did"/> holds it (If-Match the ETag read).</summary>
    private async Task ReleaseClaimAsync(string partition, string value, string did, CancellationToken cancellationToken)
    {
        var key = TryKey("", value);
        var claim = key is null ? null : await _claims.GetAsync(partition, key, null, cancellationToken).ConfigureAwait(false);
        if (claim is not null && claim.GetString("Did") == did)
        {
            await TryDeleteAsync(_claims, partition, key!, claim.ETag, cancellationToken).ConfigureAwait(false);
        }
    }
}
