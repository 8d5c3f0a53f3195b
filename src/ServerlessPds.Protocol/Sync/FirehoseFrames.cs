using System.Buffers;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// Encodes and decodes firehose frames: one WebSocket binary message holding two concatenated DAG-CBOR objects, the
/// header (<see cref="FrameHeader"/>) and the body (a message with <c>seq</c>, or an error).
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream, "Streaming Wire Protocol (v0)"; lexicon com.atproto.sync.subscribeRepos.
/// Both halves are canonical DAG-CBOR (atproto.com/specs/data-model), so one message and <c>seq</c> have exactly one
/// frame. Example: a <c>#identity</c> frame is <c>{"op":1,"t":"#identity"}</c> ‖ <c>{"did":…,"seq":7,"time":…}</c>.
/// </remarks>
public static class FirehoseFrames
{
    private static ReadOnlySpan<byte> SeqKey => "seq"u8;

    /// <summary>Encodes a message frame.</summary>
    /// <param name="message">The message.</param>
    /// <param name="seq">The sequence number (at least 1) for a sequenced message; <see langword="null"/> for <c>#info</c>.</param>
    /// <returns>The frame bytes.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="seq"/> is missing for a sequenced message or given for one that is never sequenced.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seq"/> is below 1.</exception>
    public static byte[] Encode(FirehoseMessage message, long? seq = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsSequenced != seq.HasValue)
        {
            throw new ArgumentException(
                message.IsSequenced ? $"A {message.Type} frame needs a seq." : $"A {message.Type} frame has no seq.",
                nameof(seq));
        }

        var body = message.ToBody();
        if (seq is { } s)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(s, 1L, nameof(seq));
            body = new DataMap(body.Entries.Append(KeyValuePair.Create("seq", DataValue.From(s))));
        }

        return Concat(FrameHeader.Message(message.Type).ToDataMap(), body);
    }

    /// <summary>Encodes an error frame: header <c>{"op": -1}</c>, body <c>{error, message?}</c>.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The frame bytes.</returns>
    public static byte[] Encode(ErrorFrame error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Concat(FrameHeader.Error.ToDataMap(), error.ToBody());
    }

    /// <summary>
    /// Encodes the frame of a stored event by splicing <c>seq</c> into its stored body bytes at its canonical key
    /// position (after <c>rev</c>, before every longer key); the fields after it, including <c>blocks</c>, are copied
    /// without being decoded.
    /// </summary>
    /// <param name="stored">The stored event.</param>
    /// <param name="seq">The sequence number, at least 1.</param>
    /// <returns>The frame bytes, identical to <see cref="Encode(FirehoseMessage, long?)"/> of the same message.</returns>
    /// <exception cref="FirehoseFormatException">The stored body is not a DAG-CBOR map, or already holds <c>seq</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seq"/> is below 1.</exception>
    public static byte[] Encode(StoredEvent stored, long seq)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1L);
        var body = stored.Body.Span;
        int count, mapStart, insertAt;
        try
        {
            var reader = new DagCborReader(body);
            count = reader.ReadMapHeader();
            mapStart = reader.Position;
            insertAt = -1;
            for (var i = 0; i < count && insertAt < 0; i++)
            {
                var keyStart = reader.Position;
                var order = DagCbor.CompareKeys(reader.ReadStringUtf8(), SeqKey);
                if (order == 0)
                {
                    throw new FirehoseFormatException("The stored body already holds 'seq'.");
                }

                if (order > 0)
                {
                    insertAt = keyStart;
                }
                else
                {
                    reader.Skip(1);
                }
            }

            insertAt = insertAt < 0 ? reader.Position : insertAt;
        }
        catch (DagCborFormatException e)
        {
            throw new FirehoseFormatException("The stored body is not a DAG-CBOR map.", e);
        }

        var output = new ArrayBufferWriter<byte>(body.Length + 32 + stored.Type.Length);
        var writer = new DagCborWriter(output);
        DagCbor.Write(writer, FrameHeader.Message(stored.Type).ToDataMap());
        writer.WriteMapHeader(count + 1);
        output.Write(body[mapStart..insertAt]);
        writer.WriteString(SeqKey);
        writer.WriteInteger(seq);
        output.Write(body[insertAt..]);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes a frame strictly: both halves canonical DAG-CBOR maps, a valid header, and for known message types a
    /// body with every required field well-formed, within the limits, and a <c>seq</c> when the type is sequenced.
    /// Unknown body fields are kept in <see cref="FirehoseFrame.Body"/> and otherwise ignored; an unknown <c>t</c>
    /// yields a frame without <see cref="FirehoseFrame.Message"/>.
    /// </summary>
    /// <param name="frame">The WebSocket message bytes.</param>
    /// <returns>The decoded frame.</returns>
    /// <exception cref="FirehoseFormatException">The bytes are not a valid frame; the message says why.</exception>
    public static FirehoseFrame Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > SyncLimits.MaxFrameBytes)
        {
            throw new FirehoseFormatException($"The frame is {frame.Length} bytes, more than the {SyncLimits.MaxFrameBytes} allowed.");
        }

        int headerLength;
        try
        {
            var reader = new DagCborReader(frame);
            reader.Skip();
            headerLength = reader.Position;
        }
        catch (DagCborFormatException e)
        {
            throw new FirehoseFormatException("The frame header is not DAG-CBOR.", e);
        }

        if (headerLength == frame.Length)
        {
            throw new FirehoseFormatException("The frame has a header but no body.");
        }

        var header = FrameHeader.FromDataMap(DecodeMap(frame[..headerLength], "header"));
        var body = DecodeMap(frame[headerLength..], "body");
        if (header.Op == FrameHeader.ErrorOp)
        {
            return new FirehoseFrame(header, body, null, null, ErrorFrame.FromBody(body));
        }

        long? seq = body.TryGetValue("seq", out var seqValue)
            ? seqValue is DataInteger { Value: >= 0 } i ? i.Value : throw new FirehoseFormatException("Field 'seq' must be a non-negative integer.")
            : null;
        var message = FirehoseMessage.FromBody(header.Type!, body);
        if (message is { IsSequenced: true } && seq is null)
        {
            throw new FirehoseFormatException($"Required field 'seq' is missing from a {header.Type} message.");
        }

        return new FirehoseFrame(header, body, seq, message, null);
    }

    /// <summary>Decodes one canonical DAG-CBOR map spanning all of <paramref name="bytes"/>.</summary>
    internal static DataMap DecodeMap(ReadOnlySpan<byte> bytes, string what)
    {
        DataValue value;
        try
        {
            value = DagCbor.Decode(bytes);
        }
        catch (DagCborFormatException e)
        {
            throw new FirehoseFormatException($"The frame {what} is not canonical DAG-CBOR.", e);
        }

        return value as DataMap ?? throw new FirehoseFormatException($"The frame {what} must be a map.");
    }

    private static byte[] Concat(DataMap header, DataMap body)
    {
        var output = new ArrayBufferWriter<byte>(256);
        var writer = new DagCborWriter(output);
        DagCbor.Write(writer, header);
        DagCbor.Write(writer, body);
        return output.WrittenSpan.ToArray();
    }
}
