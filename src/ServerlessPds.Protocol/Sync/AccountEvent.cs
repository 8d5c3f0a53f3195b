using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Sync;

/// <summary>An <c>#account</c> message: the account's hosting status on this host changed.</summary>
/// <remarks>
/// Spec: atproto.com/specs/sync, "Identity and Account Events"; atproto.com/specs/account (status values); lexicon
/// <c>com.atproto.sync.subscribeRepos#account</c>. Wire fields: <c>did</c>, <c>time</c>, <c>active</c>, <c>status</c>
/// (optional), and <c>seq</c> when sequenced.
/// </remarks>
public sealed class AccountEvent : FirehoseMessage
{
    /// <summary>The header <c>t</c> of this message.</summary>
    public const string TypeName = "#account";

    /// <inheritdoc/>
    public override string Type => TypeName;

    /// <summary>Gets the account's DID.</summary>
    public required Did Did { get; init; }

    /// <summary>Gets when the event was first emitted.</summary>
    public required AtprotoDatetime Time { get; init; }

    /// <summary>Gets a value indicating whether this host serves the account's repo.</summary>
    public required bool Active { get; init; }

    /// <summary>
    /// Gets why the account is not active: an open set whose known values are <c>takendown</c>, <c>suspended</c>,
    /// <c>deleted</c>, <c>deactivated</c>, <c>desynchronized</c> and <c>throttled</c>; <see langword="null"/> when not stated.
    /// </summary>
    public string? Status { get; init; }

    /// <inheritdoc/>
    public override DataMap ToBody()
    {
        var entries = new List<KeyValuePair<string, DataValue>>(4)
        {
            FirehoseFields.Entry("did", DataValue.From(Did.Value)),
            FirehoseFields.Entry("time", DataValue.From(Time.Value)),
            FirehoseFields.Entry("active", DataValue.From(Active)),
        };
        if (Status is not null)
        {
            entries.Add(FirehoseFields.Entry("status", DataValue.From(Status)));
        }

        return new DataMap(entries);
    }

    /// <summary>Reads an <c>#account</c> body; <c>seq</c>, if present, is ignored.</summary>
    /// <param name="body">The decoded body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="FirehoseFormatException">A required field is missing or malformed.</exception>
    public static AccountEvent FromBody(DataMap body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new AccountEvent
        {
            Did = FirehoseFields.RequireDid(body, "did"),
            Time = FirehoseFields.RequireDatetime(body, "time"),
            Active = FirehoseFields.RequireBoolean(body, "active"),
            Status = FirehoseFields.OptionalString(body, "status"),
        };
    }
}
