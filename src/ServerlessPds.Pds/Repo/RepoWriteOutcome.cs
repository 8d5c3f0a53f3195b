using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// The answer to a <see cref="RepoWriteRequest"/> as a message: the commit (CID, rev, per-write results, whether its
/// events were sequenced) or the XRPC error the writer raised (status, error name, message).
/// </summary>
/// <param name="CommitCid">The new commit's CID; <see langword="null"/> on failure.</param>
/// <param name="Rev">The new commit's rev; <see langword="null"/> on failure.</param>
/// <param name="Results">Each write's action name, AT-URI and record CID (none for a delete).</param>
/// <param name="Sequenced">Whether the commit's events reached the event log.</param>
/// <param name="Status">The error's HTTP status, or <see langword="null"/> on success.</param>
/// <param name="Error">The XRPC error name, or <see langword="null"/> on success.</param>
/// <param name="Message">The error message, or <see langword="null"/> on success.</param>
public sealed record RepoWriteOutcome(
    string? CommitCid, string? Rev, IReadOnlyList<string[]>? Results, bool Sequenced, int? Status, string? Error, string? Message)
{
    /// <summary>The outcome of a stored commit.</summary>
    /// <param name="result">The commit.</param>
    /// <returns>The outcome.</returns>
    public static RepoWriteOutcome Succeeded(RepoCommitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            result.CommitCid.ToString(), result.Rev.ToString(),
            [.. result.Results.Select(r => new[] { r.Action.ToString(), r.Uri.Value, r.Cid?.ToString() ?? "" })],
            result.Sequenced, null, null, null);
    }

    /// <summary>The outcome of a refused call.</summary>
    /// <param name="error">What the writer raised.</param>
    /// <returns>The outcome.</returns>
    public static RepoWriteOutcome Failed(XrpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, null, null, false, error.Status, error.Error.Value, error.Message);
    }

    /// <summary>Gives the commit back, or raises the writer's error.</summary>
    /// <returns>The commit.</returns>
    /// <exception cref="XrpcException">The error the writer raised, with its status, name and message.</exception>
    public RepoCommitResult ToResult()
    {
        if (Error is not null)
        {
            throw new XrpcException(Status ?? 500, new XrpcErrorName(Error), Message);
        }

        return new RepoCommitResult(
            Cid.Parse(CommitCid!), Tid.Parse(Rev!),
            [.. Results!.Select(r => new RepoWriteResult(Enum.Parse<RepoWriteAction>(r[0]), AtUri.Parse(r[1]), r[2].Length == 0 ? null : Cid.Parse(r[2])))],
            Sequenced);
    }
}
