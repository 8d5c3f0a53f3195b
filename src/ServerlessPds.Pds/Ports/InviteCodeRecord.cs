namespace ServerlessPds.Pds.Ports;

/// <summary>
/// An invite code and its use counter. Consuming a use is a conditional replace of this record that increments
/// <see cref="UsedCount"/>; the individual uses are kept as <see cref="InviteCodeUse"/> records.
/// </summary>
/// <remarks>Lexicon: com.atproto.server.defs#inviteCode, createInviteCode, createInviteCodes.</remarks>
public sealed record InviteCodeRecord
{
    /// <summary>Gets the code text, e.g. <c>pds-example-com-abcde-fghij</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Gets how many accounts may be created with the code in total.</summary>
    public required int AvailableUses { get; init; }

    /// <summary>Gets how many accounts were created with the code so far.</summary>
    public int UsedCount { get; init; }

    /// <summary>Gets a value indicating whether the operator disabled the code.</summary>
    public bool Disabled { get; init; }

    /// <summary>Gets the DID of the account the code was made for, or <c>admin</c>.</summary>
    public required string ForAccount { get; init; }

    /// <summary>Gets who created it: a DID, or <c>admin</c>.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Gets when it was created (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the store's concurrency token (ETag) of this version; <see langword="null"/> before it is stored.</summary>
    public string? ETag { get; init; }
}
