using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// A <c>#sync</c> message: declares the repo's current commit without a diff, so consumers reset their state to it
/// (sent for a new repo, after an import, or to repair a broken chain of <c>#commit</c> events).
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync, "Sync Events"; lexicon <c>com.atproto.sync.subscribeRepos#sync</c>. Wire fields:
/// <c>did</c>, <c>blocks</c> (a CAR holding just the commit block, its CID the first root), <c>rev</c>, <c>time</c>,
/// and <c>seq</c> when sequenced.
/// </remarks>
public sealed class SyncEvent : FirehoseMessage
{
    /// <summary>The header <c>t</c> of this message.</summary>
    public const string TypeName = "#sync";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <summary>Gets the repo's DID, which the commit object names too.</summary>
    public required Did Did { get; init; }

    /// <summary>Gets the CAR v1 bytes holding the commit block, at most <see cref="SyncLimits.MaxSyncBlocksBytes"/>.</summary>
    public required ReadOnlyMemory<byte> Blocks { get; init; }

    /// <summary>Gets the commit's <c>rev</c>.</summary>
    public required Tid Rev { get; init; }

    /// <summary>Gets when the event was first emitted.</summary>
    public required AtprotoDatetime Time { get; init; }

    /// <inheritdoc/>
    public override DataMap ToBody() => DataMap.Of(
        ("did", DataValue.From(Did.Value)),
        ("blocks", new DataBytes(Blocks)),
        ("rev", DataValue.From(Rev.Value)),
        ("time", DataValue.From(Time.Value)));

    /// <summary>Reads a <c>#sync</c> body; <c>seq</c>, if present, is ignored.</summary>
    /// <param name="body">The decoded body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="FirehoseFormatException">A required field is missing or malformed, or a limit is exceeded.</exception>
    public static SyncEvent FromBody(DataMap body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new SyncEvent
        {
            Did = FirehoseFields.RequireDid(body, "did"),
            Blocks = FirehoseFields.RequireBytes(body, "blocks", SyncLimits.MaxSyncBlocksBytes),
            Rev = FirehoseFields.RequireTid(body, "rev"),
            Time = FirehoseFields.RequireDatetime(body, "time"),
        };
    }
}
