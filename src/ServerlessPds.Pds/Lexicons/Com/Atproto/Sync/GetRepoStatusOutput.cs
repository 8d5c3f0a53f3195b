namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;

/// <summary>The output of getRepoStatus.</summary>
/// <param name="Did">The account's DID.</param>
/// <param name="Active"><see langword="true"/> if the account is active; otherwise <see langword="false"/>.</param>
/// <param name="Status"><c>takendown</c>, <c>deactivated</c> or <c>deleted</c> when not active, else absent.</param>
/// <param name="Rev">The repo's current rev, only when active.</param>
/// <remarks>Lexicon: com.atproto.sync.getRepoStatus.</remarks>
public sealed record GetRepoStatusOutput(string Did, bool Active, string? Status, string? Rev);
