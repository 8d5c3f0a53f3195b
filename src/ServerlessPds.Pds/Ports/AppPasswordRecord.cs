using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>One app password of an account: its name (unique per account) and the hash of the secret.</summary>
/// <remarks>Lexicon: com.atproto.server.createAppPassword, listAppPasswords, revokeAppPassword.</remarks>
public sealed record AppPasswordRecord
{
    /// <summary>Gets the owning account's DID.</summary>
    public required Did Did { get; init; }

    /// <summary>Gets the name the holder chose, unique within the account.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the hash of the app password in the <see cref="Accounts.PasswordHasher"/> stored format.</summary>
    public required string PasswordHash { get; init; }

    /// <summary>Gets a value indicating whether sessions made with it get the <c>com.atproto.appPassPrivileged</c> scope.</summary>
    public bool Privileged { get; init; }

    /// <summary>Gets when it was created (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
