using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// The commit step shared by the record write methods: the per-DID write rate limit, then the writes through the
/// configured <see cref="IRepoWriteSerializer"/> (compare-and-swap alone or the Durable Entity), logged with DID, NSID and rev.
/// </summary>
/// <param name="limiter">The write rate limiter.</param>
/// <param name="serializer">The repo write serializer.</param>
/// <param name="logger">The log.</param>
public sealed partial class RecordWriteCommit(WriteRateLimiter limiter, IRepoWriteSerializer serializer, ILogger<RecordWriteCommit> logger)
{
    /// <summary>Commits writes to the caller's repo.</summary>
    /// <param name="call">The XRPC call (rate-limit headers go on its response).</param>
    /// <param name="did">The repo.</param>
    /// <param name="writes">The prepared writes, in order.</param>
    /// <param name="swapCommit">The request's <c>swapCommit</c>, or <see langword="null"/>.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="XrpcException">
    /// 429 <c>RateLimitExceeded</c>; 400 <c>InvalidRequest</c> (bad <c>swapCommit</c>); 400 <c>InvalidSwap</c>;
    /// 401 <c>AccountDeactivated</c> / <c>AccountTakedown</c> (the write gate, from the repo head's status);
    /// 403 <c>AccountNotFound</c> (deleted since the token was issued); 503 when storage keeps refusing.
    /// </exception>
    public async Task<RepoCommitResult> CommitAsync(XrpcCall call, Did did, IReadOnlyList<RepoWrite> writes, string? swapCommit)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(writes);
        call.Apply(limiter.Consume(
            did, writes.Count(w => w.Action == RepoWriteAction.Create), writes.Count(w => w.Action is RepoWriteAction.Update or RepoWriteAction.Put),
            writes.Count(w => w.Action == RepoWriteAction.Delete)));
        var swap = XrpcInput.ParseCid("swapCommit", swapCommit);
        try
        {
            var result = await serializer.ApplyWritesAsync(did, writes, swap, call.Aborted);
            LogCommitted(logger, call.Nsid.Value, did.Value, result.Rev.Value, writes.Count);
            return result;
        }
        catch (XrpcException e) when (e.Error == XrpcErrorName.RepoNotFound || e.Error == AccountErrorNames.AccountNotFound)
        {
            throw new XrpcException(403, AccountErrorNames.AccountNotFound, "Account not found", e);
        }
    }

    /// <summary>The commit metadata output of a commit.</summary>
    /// <param name="result">The commit.</param>
    /// <returns>The <c>commitMeta</c>.</returns>
    public static CommitMeta Meta(RepoCommitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.CommitCid.ToString(), result.Rev.Value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} committed {Did} rev {Rev} ({Writes} writes)")]
    private static partial void LogCommitted(ILogger logger, string nsid, string did, string rev, int writes);
}
