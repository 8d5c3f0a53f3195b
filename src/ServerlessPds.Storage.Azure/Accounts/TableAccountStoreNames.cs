namespace ServerlessPds.Storage.Azure.Accounts;

/// <summary>The names of the three tables that hold accounts (docs/architecture.md, "Accounts on Table Storage").</summary>
/// <remarks>Table names: 3-63 ASCII letters and digits, starting with a letter.</remarks>
public sealed record TableAccountStoreNames
{
    /// <summary>Gets the default names: <c>accounts</c>, <c>accountclaims</c> and <c>invites</c>.</summary>
    public static TableAccountStoreNames Default { get; } = new();

    /// <summary>Gets the table of accounts and everything stored under one (PartitionKey = DID).</summary>
    public string AccountsTable { get; init; } = "accounts";

    /// <summary>Gets the table of unique handle and email claims (PartitionKey <c>handle</c> or <c>email</c>).</summary>
    public string ClaimsTable { get; init; } = "accountclaims";

    /// <summary>Gets the table of invite codes and their uses (PartitionKey = the escaped code).</summary>
    public string InvitesTable { get; init; } = "invites";
}
