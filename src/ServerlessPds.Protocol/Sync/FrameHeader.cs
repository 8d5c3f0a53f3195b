using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// The first of the two DAG-CBOR objects in a firehose frame: <c>{"op": 1, "t": "#commit"}</c> for a message, or
/// <c>{"op": -1}</c> for an error.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Streaming Wire Protocol (v0)".</remarks>
public sealed record FrameHeader
{
    /// <summary>The <c>op</c> of a regular message frame.</summary>
    public const int MessageOp = 1;

    /// <summary>The <c>op</c> of an error frame.</summary>
    public const int ErrorOp = -1;

    private FrameHeader(int op, string? type)
    {
        Op = op;
        Type = type;
    }

    /// <summary>Gets the header of every error frame.</summary>
    public static FrameHeader Error { get; } = new(ErrorOp, null);

    /// <summary>Gets the operation: <see cref="MessageOp"/> or <see cref="ErrorOp"/>.</summary>
    public int Op { get; }

    /// <summary>
    /// Gets the <c>t</c> field: the message type in short form (<c>#commit</c>, <c>#sync</c>, <c>#identity</c>,
    /// <c>#account</c>, <c>#info</c>) for a message; <see langword="null"/> for an error.
    /// </summary>
    public string? Type { get; }

    /// <summary>Creates the header of a message frame.</summary>
    /// <param name="type">The message type in short form, e.g. <c>#commit</c>.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty.</exception>
    public static FrameHeader Message(string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return new FrameHeader(MessageOp, type);
    }

    /// <summary>Returns the header as a data model map: <c>op</c>, and <c>t</c> when present.</summary>
    /// <returns>The map.</returns>
    public DataMap ToDataMap() => Type is null
        ? DataMap.Of(("op", DataValue.From(Op)))
        : DataMap.Of(("op", DataValue.From(Op)), ("t", DataValue.From(Type)));

    /// <summary>Reads a header from its data model map.</summary>
    /// <param name="map">The decoded header.</param>
    /// <returns>The header.</returns>
    /// <exception cref="FirehoseFormatException">
    /// <c>op</c> is missing or neither 1 nor -1, a message has no string <c>t</c>, or an error has a <c>t</c>.
    /// </exception>
    public static FrameHeader FromDataMap(DataMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var op = FirehoseFields.RequireInteger(map, "op");
        switch (op)
        {
            case MessageOp:
                var type = FirehoseFields.RequireString(map, "t");
                return type.Length == 0 ? throw new FirehoseFormatException("Frame header 't' is empty.") : Message(type);
            case ErrorOp:
                return map.TryGetValue("t", out _)
                    ? throw new FirehoseFormatException("An error frame header must not have 't'.")
                    : Error;
            default:
                throw new FirehoseFormatException($"Unknown frame op {op}; expected 1 or -1.");
        }
    }
}
