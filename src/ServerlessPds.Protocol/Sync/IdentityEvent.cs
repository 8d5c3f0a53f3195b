using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// An <c>#identity</c> message: the account's identity (handle, signing key, PDS endpoint) may have changed, so
/// consumers refresh their cached DID document and handle.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync, "Identity and Account Events"; lexicon <c>com.atproto.sync.subscribeRepos#identity</c>.
/// Wire fields: <c>did</c>, <c>time</c>, <c>handle</c> (optional), and <c>seq</c> when sequenced.
/// </remarks>
public sealed class IdentityEvent : FirehoseMessage
{
    /// <summary>The header <c>t</c> of this message.</summary>
    public const string TypeName = "#identity";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <summary>Gets the account's DID.</summary>
    public required Did Did { get; init; }

    /// <summary>Gets when the event was first emitted.</summary>
    public required AtprotoDatetime Time { get; init; }

    /// <summary>Gets the account's current handle (<c>handle.invalid</c> when it does not verify), or <see langword="null"/> when not stated.</summary>
    public Handle? Handle { get; init; }

    /// <inheritdoc/>
    public override DataMap ToBody() => Handle is null
        ? DataMap.Of(("did", DataValue.From(Did.Value)), ("time", DataValue.From(Time.Value)))
        : DataMap.Of(("did", DataValue.From(Did.Value)), ("time", DataValue.From(Time.Value)), ("handle", DataValue.From(Handle.Value)));

    /// <summary>Reads an <c>#identity</c> body; <c>seq</c>, if present, is ignored.</summary>
    /// <param name="body">The decoded body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="FirehoseFormatException">A required field is missing or malformed.</exception>
    public static IdentityEvent FromBody(DataMap body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var handle = FirehoseFields.OptionalString(body, "handle");
        return new IdentityEvent
        {
            Did = FirehoseFields.RequireDid(body, "did"),
            Time = FirehoseFields.RequireDatetime(body, "time"),
            Handle = handle is null ? null : FirehoseFields.ParseField("handle", handle, Syntax.Handle.Parse),
        };
    }
}
