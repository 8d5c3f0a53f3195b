using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// One record mutation in a <see cref="CommitEvent"/>: <c>{action, path, cid, prev?}</c>. A create has a
/// <see cref="Cid"/> and no <see cref="Prev"/>; an update has both; a delete has only <see cref="Prev"/>.
/// </summary>
/// <remarks>
/// Spec: lexicon <c>com.atproto.sync.subscribeRepos#repoOp</c>; atproto.com/specs/sync ("inductive" firehose: <c>prev</c>
/// lets a consumer invert the operation against the new MST and reach <c>prevData</c>).
/// </remarks>
public sealed record RepoOp
{
    private RepoOp(RepoOpAction action, RepoPath path, Cid? cid, Cid? prev)
    {
        Action = action;
        Path = path;
        Cid = cid;
        Prev = prev;
    }

    /// <summary>Gets what happened to the record.</summary>
    public RepoOpAction Action { get; }

    /// <summary>Gets the record's repo path, <c>collection/rkey</c>.</summary>
    public RepoPath Path { get; }

    /// <summary>Gets the new record's CID for a create or update; <see langword="null"/> for a delete.</summary>
    public Cid? Cid { get; }

    /// <summary>Gets the previous record's CID for an update or delete; <see langword="null"/> for a create.</summary>
    public Cid? Prev { get; }

    /// <summary>Creates a create operation.</summary>
    /// <param name="path">The record path.</param>
    /// <param name="cid">The new record's CID.</param>
    /// <returns>The operation.</returns>
    public static RepoOp Create(RepoPath path, Cid cid) => new(RepoOpAction.Create, Check(path), cid, null);

    /// <summary>Creates an update operation.</summary>
    /// <param name="path">The record path.</param>
    /// <param name="cid">The new record's CID.</param>
    /// <param name="prev">The replaced record's CID.</param>
    /// <returns>The operation.</returns>
    public static RepoOp Update(RepoPath path, Cid cid, Cid prev) => new(RepoOpAction.Update, Check(path), cid, prev);

    /// <summary>Creates a delete operation.</summary>
    /// <param name="path">The record path.</param>
    /// <param name="prev">The deleted record's CID.</param>
    /// <returns>The operation.</returns>
    public static RepoOp Delete(RepoPath path, Cid prev) => new(RepoOpAction.Delete, Check(path), null, prev);

    /// <summary>Returns the operation as a data model map: <c>action</c>, <c>path</c>, <c>cid</c> (null for a delete) and <c>prev</c> when known.</summary>
    /// <returns>The map.</returns>
    public DataMap ToDataMap()
    {
        var entries = new List<KeyValuePair<string, DataValue>>(4)
        {
            FirehoseFields.Entry("action", DataValue.From(ActionName(Action))),
            FirehoseFields.Entry("path", DataValue.From(Path.Value)),
            FirehoseFields.Entry("cid", FirehoseFields.Link(Cid)),
        };
        if (Prev is { } prev)
        {
            entries.Add(FirehoseFields.Entry("prev", DataValue.From(prev)));
        }

        return new DataMap(entries);
    }

    /// <summary>Reads an operation from its data model map, checking that its fields agree with its action.</summary>
    /// <param name="value">The decoded operation.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="FirehoseFormatException">
    /// The value is not a map, a field is missing or malformed, the action is unknown, a create or update has no
    /// <c>cid</c>, a delete has one, or a create has a <c>prev</c>.
    /// </exception>
    public static RepoOp FromDataValue(DataValue value)
    {
        var map = value as DataMap ?? throw new FirehoseFormatException("A repo op must be a map.");
        var path = FirehoseFields.ParseField("path", FirehoseFields.RequireString(map, "path"), RepoPath.Parse);
        var cid = FirehoseFields.RequireNullableLink(map, "cid");
        var prev = FirehoseFields.OptionalLink(map, "prev");
        var action = FirehoseFields.RequireString(map, "action");
        return action switch
        {
            "create" when cid is { } c && prev is null => Create(path, c),
            "update" when cid is { } c => new RepoOp(RepoOpAction.Update, path, c, prev),
            "delete" when cid is null => new RepoOp(RepoOpAction.Delete, path, null, prev),
            "create" or "update" or "delete" =>
                throw new FirehoseFormatException($"Repo op '{action}' on {path} has inconsistent 'cid'/'prev'."),
            _ => throw new FirehoseFormatException($"Unknown repo op action '{action}'."),
        };
    }

    /// <summary>Returns the wire name of <paramref name="action"/>.</summary>
    /// <param name="action">The action.</param>
    /// <returns><c>create</c>, <c>update</c> or <c>delete</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    public static string ActionName(RepoOpAction action) => action switch
    {
        RepoOpAction.Create => "create",
        RepoOpAction.Update => "update",
        RepoOpAction.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown repo op action."),
    };

    private static RepoPath Check(RepoPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path;
    }
}
