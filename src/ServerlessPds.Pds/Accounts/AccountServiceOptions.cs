namespace ServerlessPds.Pds.Accounts;

/// <summary>Settings of <see cref="AccountService"/>.</summary>
public sealed class AccountServiceOptions
{
    /// <summary>Gets a value indicating whether createAccount needs an invite code. Default <see langword="false"/>.</summary>
    public bool InviteRequired { get; init; }

    /// <summary>Gets the shortest accepted new password, in characters. Default 8 (the reference PDS sets no minimum).</summary>
    public int MinPasswordLength { get; init; } = 8;

    /// <summary>Gets the longest accepted new password, in characters. Default 256, as the reference PDS.</summary>
    public int MaxPasswordLength { get; init; } = 256;

    /// <summary>Gets how long an unprotected signing key stays cached in memory. Default 5 minutes.</summary>
    public TimeSpan SignerCacheLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long an emailed account-deletion token is valid. Default 15 minutes, as the reference PDS.</summary>
    public TimeSpan EmailTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);
}
