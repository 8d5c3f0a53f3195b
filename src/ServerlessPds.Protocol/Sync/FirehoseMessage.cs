using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// One message of <c>com.atproto.sync.subscribeRepos</c>: <see cref="CommitEvent"/>, <see cref="SyncEvent"/>,
/// <see cref="IdentityEvent"/>, <see cref="AccountEvent"/> or <see cref="InfoEvent"/>. A message carries no
/// <c>seq</c>: the sequencer assigns it later, and <see cref="FirehoseFrames"/> adds it when the frame is built.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream; atproto.com/specs/sync; lexicon com.atproto.sync.subscribeRepos.</remarks>
public abstract class FirehoseMessage
{
    private protected FirehoseMessage()
    {
    }

    /// <summary>Gets the frame header's <c>t</c>: the lexicon sub-type in short form, e.g. <c>#commit</c>.</summary>
    public abstract string Type { get; }

    /// <summary>
    /// Gets a value indicating whether frames of this message carry a <c>seq</c>: <see langword="true"/> for every
    /// event of the backfill window; otherwise (<c>#info</c>) <see langword="false"/>.
    /// </summary>
    public virtual bool IsSequenced => true;

    /// <summary>Returns the message body as a data model map with the lexicon's field names, without <c>seq</c>.</summary>
    /// <returns>The map; DAG-CBOR encoding sorts its keys canonically.</returns>
    public abstract DataMap ToBody();

    /// <summary>Reads the message of type <paramref name="type"/> from its body; any <c>seq</c> is ignored.</summary>
    /// <param name="type">The header's <c>t</c>.</param>
    /// <param name="body">The decoded body.</param>
    /// <returns>The message, or <see langword="null"/> when <paramref name="type"/> is not one this version knows.</returns>
    /// <exception cref="FirehoseFormatException">A required field is missing or malformed, or a limit is exceeded.</exception>
    public static FirehoseMessage? FromBody(string type, DataMap body)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(body);
        return type switch
        {
            CommitEvent.TypeName => CommitEvent.FromBody(body),
            SyncEvent.TypeName => SyncEvent.FromBody(body),
            IdentityEvent.TypeName => IdentityEvent.FromBody(body),
            AccountEvent.TypeName => AccountEvent.FromBody(body),
            InfoEvent.TypeName => InfoEvent.FromBody(body),
            _ => null,
        };
    }
}
