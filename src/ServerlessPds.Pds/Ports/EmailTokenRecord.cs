using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// A one-time token sent to the account's email for a sensitive action (for example account deletion). One token per
/// account and purpose; a new request replaces the old token.
/// </summary>
/// <remarks>Lexicon: com.atproto.server.requestAccountDelete, deleteAccount.</remarks>
/// <param name="Did">The account.</param>
/// <param name="Purpose">What the token authorizes, e.g. <c>delete_account</c>.</param>
/// <param name="Token">The token text, uppercase, e.g. <c>ABCDE-FGHIJ</c>.</param>
/// <param name="RequestedAt">When it was issued (UTC); it expires a fixed time later.</param>
public sealed record EmailTokenRecord(Did Did, string Purpose, string Token, DateTimeOffset RequestedAt);
