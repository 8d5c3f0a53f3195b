using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// The body of an error frame (header <c>{"op": -1}</c>): <c>{error, message?}</c>. The server closes the connection
/// after sending one.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Streaming Wire Protocol (v0)" and "Error Handling"; lexicon
/// <c>com.atproto.sync.subscribeRepos</c> errors <c>FutureCursor</c> and <c>ConsumerTooSlow</c>.</remarks>
public sealed record ErrorFrame
{
    /// <summary>The error sent when the requested cursor is beyond the latest sequenced event.</summary>
    public const string FutureCursor = "FutureCursor";

    /// <summary>The error sent before dropping a consumer whose backlog grew too large.</summary>
    public const string ConsumerTooSlow = "ConsumerTooSlow";

    /// <summary>Initializes a new instance.</summary>
    /// <param name="error">The error name, e.g. <see cref="FutureCursor"/>.</param>
    /// <param name="message">A human-readable explanation, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="error"/> is empty.</exception>
    public ErrorFrame(string error, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        Error = error;
        Message = message;
    }

    /// <summary>Gets the error name.</summary>
    public string Error { get; }

    /// <summary>Gets the explanation, or <see langword="null"/>.</summary>
    public string? Message { get; }

    /// <summary>Returns the body as a data model map.</summary>
    /// <returns>The map: <c>error</c>, and <c>message</c> when present.</returns>
    public DataMap ToBody() => Message is null
        ? DataMap.Of(("error", DataValue.From(Error)))
        : DataMap.Of(("error", DataValue.From(Error)), ("message", DataValue.From(Message)));

    /// <summary>Reads an error body.</summary>
    /// <param name="body">The decoded body.</param>
    /// <returns>The error.</returns>
    /// <exception cref="FirehoseFormatException"><c>error</c> is missing or empty, or a field has the wrong type.</exception>
    public static ErrorFrame FromBody(DataMap body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var error = FirehoseFields.RequireString(body, "error");
        return error.Length == 0
            ? throw new FirehoseFormatException("Field 'error' is empty.")
            : new ErrorFrame(error, FirehoseFields.OptionalString(body, "message"));
    }
}
