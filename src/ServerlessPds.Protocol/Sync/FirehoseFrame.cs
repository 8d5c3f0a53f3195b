using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>A decoded firehose frame: its header, its raw body map, and the typed message or error it holds.</summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Streaming Wire Protocol (v0)". Produced by <see cref="FirehoseFrames.Decode"/>.</remarks>
public sealed class FirehoseFrame
{
    internal FirehoseFrame(FrameHeader header, DataMap body, long? seq, FirehoseMessage? message, ErrorFrame? error)
    {
        Header = header;
        Body = body;
        Seq = seq;
        Message = message;
        Error = error;
    }

    /// <summary>Gets the header.</summary>
    public FrameHeader Header { get; }

    /// <summary>Gets the body exactly as decoded, including fields this version does not know.</summary>
    public DataMap Body { get; }

    /// <summary>Gets the body's <c>seq</c>, or <see langword="null"/> for <c>#info</c>, errors and unknown types without one.</summary>
    public long? Seq { get; }

    /// <summary>Gets the message, or <see langword="null"/> for an error frame or a type this version does not know.</summary>
    public FirehoseMessage? Message { get; }

    /// <summary>Gets the error, or <see langword="null"/> for a message frame.</summary>
    public ErrorFrame? Error { get; }
}
