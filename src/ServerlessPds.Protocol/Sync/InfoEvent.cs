using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Sync;

/// <summary>An <c>#info</c> message: informational, never sequenced (it has no <c>seq</c>).</summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream, "Sequence Numbers" (a cursor older than the backfill window gets an
/// <c>OutdatedCursor</c> info message); lexicon <c>com.atproto.sync.subscribeRepos#info</c>. Wire fields: <c>name</c>,
/// <c>message</c> (optional).
/// </remarks>
public sealed class InfoEvent : FirehoseMessage
{
    /// <summary>The header <c>t</c> of this message.</summary>
    public const string TypeName = "#info";

    /// <summary>The known <c>name</c> sent when the requested cursor is older than the oldest stored event.</summary>
    public const string OutdatedCursor = "OutdatedCursor";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <inheritdoc/>
    public override bool IsSequenced => false;

    /// <summary>Gets the info name, an open set (known value <see cref="OutdatedCursor"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets a human-readable explanation, or <see langword="null"/>.</summary>
    public string? Message { get; init; }

    /// <inheritdoc/>
    public override DataMap ToBody() => Message is null
        ? DataMap.Of(("name", DataValue.From(Name)))
        : DataMap.Of(("name", DataValue.From(Name)), ("message", DataValue.From(Message)));

    /// <summary>Reads an <c>#info</c> body.</summary>
    /// <param name="body">The decoded body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="FirehoseFormatException"><c>name</c> is missing, or a field has the wrong type.</exception>
    public static InfoEvent FromBody(DataMap body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new InfoEvent
        {
            Name = FirehoseFields.RequireString(body, "name"),
            Message = FirehoseFields.OptionalString(body, "message"),
        };
    }
}
