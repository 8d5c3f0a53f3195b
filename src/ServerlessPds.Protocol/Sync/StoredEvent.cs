using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// A sequenced-kind firehose message as it is stored before (and after) it has a <c>seq</c>: the header type and the
/// canonical DAG-CBOR body without <c>seq</c>. <see cref="ToFrame"/> splices <c>seq</c> into the body bytes without
/// decoding <c>blocks</c>, so turning a stored event into a frame costs one copy.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream (frames), atproto.com/specs/sync (message bodies).</remarks>
public sealed class StoredEvent
{
    /// <summary>Initializes a new instance from stored parts.</summary>
    /// <param name="type">The header <c>t</c>, e.g. <c>#commit</c>.</param>
    /// <param name="body">The canonical DAG-CBOR body map without <c>seq</c>; not copied, must not change afterwards.</param>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty.</exception>
    public StoredEvent(string type, ReadOnlyMemory<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
        Body = body;
    }

    /// <summary>Gets the header <c>t</c>.</summary>
    public string Type { get; }

    /// <summary>Gets the canonical DAG-CBOR body without <c>seq</c>.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Encodes a message for storage.</summary>
    /// <param name="message">A sequenced-kind message (not <c>#info</c>).</param>
    /// <returns>The stored form.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is never sequenced.</exception>
    public static StoredEvent From(FirehoseMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.IsSequenced
            ? new StoredEvent(message.Type, DagCbor.Encode(message.ToBody()))
            : throw new ArgumentException($"{message.Type} messages are not sequenced and are never stored.", nameof(message));
    }

    /// <summary>Builds the frame of this event with sequence number <paramref name="seq"/>.</summary>
    /// <param name="seq">The sequence number, at least 1.</param>
    /// <returns>The frame bytes: DAG-CBOR header, then DAG-CBOR body with <c>seq</c>.</returns>
    /// <exception cref="FirehoseFormatException">The stored body is not a canonical DAG-CBOR map, or already holds <c>seq</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seq"/> is below 1.</exception>
    public byte[] ToFrame(long seq) => FirehoseFrames.Encode(this, seq);

    /// <summary>Decodes the stored body into its message.</summary>
    /// <returns>The message, or <see langword="null"/> when <see cref="Type"/> is unknown to this version.</returns>
    /// <exception cref="FirehoseFormatException">The body is not a valid body of <see cref="Type"/>.</exception>
    public FirehoseMessage? ToMessage() => FirehoseMessage.FromBody(Type, FirehoseFrames.DecodeMap(Body.Span, "body"));
}
