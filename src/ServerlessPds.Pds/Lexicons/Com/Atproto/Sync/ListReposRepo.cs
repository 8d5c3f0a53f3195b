namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;

/// <summary>One repo of listRepos.</summary>
/// <param name="Did">The account's DID.</param>
/// <param name="Head">The repo's commit CID (base32 text).</param>
/// <param name="Rev">The commit's rev (a TID).</param>
/// <param name="Active"><see langword="true"/> if the account is active; otherwise <see langword="false"/>.</param>
/// <param name="Status"><c>takendown</c>, <c>deactivated</c> or <c>deleted</c> when not active, else absent.</param>
/// <remarks>Lexicon: com.atproto.sync.listRepos#repo.</remarks>
public sealed record ListReposRepo(string Did, string Head, string Rev, bool Active, string? Status);
