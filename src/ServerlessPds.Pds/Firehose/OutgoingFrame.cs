namespace ServerlessPds.Pds.Firehose;

/// <summary>One firehose frame to send as one binary WebSocket message (or one Web PubSub message).</summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Streaming Wire Protocol (v0)": DAG-CBOR header then DAG-CBOR body.</remarks>
/// <param name="Bytes">The frame bytes; not copied, never changed.</param>
/// <param name="Seq">The event's seq, or <see langword="null"/> for <c>#info</c> and error frames.</param>
/// <param name="IsFinal">
/// <see langword="true"/> for an error frame: the transport sends it and then closes the connection.
/// </param>
public sealed record OutgoingFrame(byte[] Bytes, long? Seq, bool IsFinal);
