using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// A <c>#commit</c> message: one new signed commit of a repo, with the CAR slice of the blocks it added and the record
/// operations, so a consumer can check it against the previous state (<see cref="PrevData"/>) without fetching the repo.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync, "Commit Events" and "Inductive firehose"; lexicon
/// <c>com.atproto.sync.subscribeRepos#commit</c>. Field names on the wire: <c>rebase</c>, <c>tooBig</c>, <c>repo</c>,
/// <c>commit</c>, <c>rev</c>, <c>since</c> (nullable), <c>blocks</c>, <c>ops</c>, <c>blobs</c>, <c>prevData</c>
/// (optional), <c>time</c>, and <c>seq</c> when sequenced.
/// </remarks>
public sealed class CommitEvent : FirehoseMessage
{
    /// <summary>The header <c>t</c> of this message.</summary>
    public const string TypeName = "#commit";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <summary>Gets a value indicating whether <c>rebase</c> is set: deprecated and always <see langword="false"/> when written by this PDS.</summary>
    public bool Rebase { get; init; }

    /// <summary>Gets a value indicating whether <c>tooBig</c> is set: deprecated (replaced by <c>#sync</c> and limits), so <see langword="false"/> here.</summary>
    public bool TooBig { get; init; }

    /// <summary>Gets the repo's DID: the <c>repo</c> field (every other message names it <c>did</c>).</summary>
    public required Did Repo { get; init; }

    /// <summary>Gets the CID of the new commit object, the first root of <see cref="Blocks"/>.</summary>
    public required Cid Commit { get; init; }

    /// <summary>Gets the new commit's <c>rev</c>.</summary>
    public required Tid Rev { get; init; }

    /// <summary>Gets the <c>rev</c> of the repo's previous commit, or <see langword="null"/> for its first commit.</summary>
    public required Tid? Since { get; init; }

    /// <summary>
    /// Gets the CAR v1 bytes holding the commit block (first root) and every block the commit added (MST nodes and
    /// records); at most <see cref="SyncLimits.MaxCommitBlocksBytes"/>.
    /// </summary>
    public required ReadOnlyMemory<byte> Blocks { get; init; }

    /// <summary>Gets the record operations, at most <see cref="SyncLimits.MaxOpsPerCommit"/>.</summary>
    public required IReadOnlyList<RepoOp> Ops { get; init; }

    /// <summary>Gets the blob CIDs the records reference: deprecated, normally empty.</summary>
    public IReadOnlyList<Cid> Blobs { get; init; } = [];

    /// <summary>Gets the MST root CID of the previous commit (its <c>data</c>), or <see langword="null"/> for the first commit.</summary>
    public Cid? PrevData { get; init; }

    /// <summary>Gets when the event was first emitted.</summary>
    public required AtprotoDatetime Time { get; init; }

    /// <inheritdoc/>
    public override DataMap ToBody()
    {
        var entries = new List<KeyValuePair<string, DataValue>>(12)
        {
            FirehoseFields.Entry("rebase", DataValue.From(Rebase)),
            FirehoseFields.Entry("tooBig", DataValue.From(TooBig)),
            FirehoseFields.Entry("repo", DataValue.From(Repo.Value)),
            FirehoseFields.Entry("commit", DataValue.From(Commit)),
            FirehoseFields.Entry("rev", DataValue.From(Rev.Value)),
            FirehoseFields.Entry("since", Since is null ? DataValue.Null : DataValue.From(Since.Value)),
            FirehoseFields.Entry("blocks", new DataBytes(Blocks)),
            FirehoseFields.Entry("ops", new DataArray(Ops.Select(o => (DataValue)o.ToDataMap()))),
            FirehoseFields.Entry("blobs", new DataArray(Blobs.Select(DataValue.From))),
            FirehoseFields.Entry("time", DataValue.From(Time.Value)),
        };
        if (PrevData is { } prevData)
        {
            entries.Add(FirehoseFields.Entry("prevData", DataValue.From(prevData)));
        }

        return new DataMap(entries);
    }

    /// <summary>Reads a <c>#commit</c> body; <c>seq</c>, if present, is ignored.</summary>
    /// <param name="body">The decoded body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="FirehoseFormatException">A required field is missing or malformed, or a limit is exceeded.</exception>
    public static CommitEvent FromBody(DataMap body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var since = FirehoseFields.Require(body, "since") switch
        {
            DataNull => null,
            DataString s => FirehoseFields.ParseField("since", s.Value, Tid.Parse),
            _ => throw new FirehoseFormatException("Field 'since' must be a string or null."),
        };
        return new CommitEvent
        {
            Rebase = FirehoseFields.RequireBoolean(body, "rebase"),
            TooBig = FirehoseFields.RequireBoolean(body, "tooBig"),
            Repo = FirehoseFields.RequireDid(body, "repo"),
            Commit = FirehoseFields.RequireLink(body, "commit"),
            Rev = FirehoseFields.RequireTid(body, "rev"),
            Since = since,
            Blocks = FirehoseFields.RequireBytes(body, "blocks", SyncLimits.MaxCommitBlocksBytes),
            Ops = FirehoseFields.RequireArray(body, "ops", SyncLimits.MaxOpsPerCommit).Select(RepoOp.FromDataValue).ToArray(),
            Blobs = FirehoseFields.RequireArray(body, "blobs", int.MaxValue)
                .Select(v => v is DataLink l ? l.Cid : throw new FirehoseFormatException("Field 'blobs' must hold CID links."))
                .ToArray(),
            PrevData = FirehoseFields.OptionalLink(body, "prevData"),
            Time = FirehoseFields.RequireDatetime(body, "time"),
        };
    }
}
