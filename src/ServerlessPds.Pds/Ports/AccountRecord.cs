using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// One stored account: identity, credentials, hosting state and the account's protected repo signing key.
/// Immutable; change it with <c>with</c> and write it back through <see cref="IAccountStore.TryReplaceAccountAsync"/>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/account. <see cref="Status"/> is derived: <see cref="TakedownRef"/> set means takendown,
/// else <see cref="DeactivatedAt"/> set means deactivated, else active.
/// </remarks>
public sealed record AccountRecord
{
    /// <summary>Gets the account's DID, the primary key.</summary>
    public required Did Did { get; init; }

    /// <summary>Gets the account's handle, unique among this PDS's accounts.</summary>
    public required Handle Handle { get; init; }

    /// <summary>Gets the email address, lowercase, unique among accounts; <see langword="null"/> when none was given.</summary>
    public string? Email { get; init; }

    /// <summary>Gets when the email address was confirmed, or <see langword="null"/>.</summary>
    public DateTimeOffset? EmailConfirmedAt { get; init; }

    /// <summary>Gets the account password in the <see cref="Accounts.PasswordHasher"/> stored format, or <see langword="null"/> when the account has none.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Gets when the account was created (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the account was deactivated, or <see langword="null"/> when it is not.</summary>
    public DateTimeOffset? DeactivatedAt { get; init; }

    /// <summary>Gets the holder's suggestion of when a deactivated account may be deleted, or <see langword="null"/>.</summary>
    public DateTimeOffset? DeleteAfter { get; init; }

    /// <summary>Gets the operator's takedown reference (any non-empty text), or <see langword="null"/> when not taken down.</summary>
    public string? TakedownRef { get; init; }

    /// <summary>Gets the curve of the signing key: <c>k256</c> or <c>p256</c> (see <see cref="Protocol.Crypto.KeyAlgorithm.Name"/>).</summary>
    public required string SigningKeyAlgorithm { get; init; }

    /// <summary>Gets the repo signing key's 32-byte private scalar, protected by an <see cref="IKeyProtector"/> (opaque bytes).</summary>
    public required byte[] ProtectedSigningKey { get; init; }

    /// <summary>
    /// Gets the store's concurrency token for this version of the record (an ETag), set by the store on every read
    /// and write; <see langword="null"/> on a record not yet stored.
    /// </summary>
    public string? ETag { get; init; }

    /// <summary>Gets the hosting status derived from <see cref="TakedownRef"/> and <see cref="DeactivatedAt"/>; never <see cref="AccountStatus.Deleted"/>.</summary>
    public AccountStatus Status =>
        TakedownRef is not null ? AccountStatus.Takendown
        : DeactivatedAt is not null ? AccountStatus.Deactivated
        : AccountStatus.Active;
}
