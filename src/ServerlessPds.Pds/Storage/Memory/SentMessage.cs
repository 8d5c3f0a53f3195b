using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>One message kept by <see cref="MemoryAccountMailer"/>.</summary>
/// <param name="Email">The recipient.</param>
/// <param name="Handle">The account's handle.</param>
/// <param name="Purpose">What the token is for, e.g. <c>delete_account</c>.</param>
/// <param name="Token">The token text.</param>
public sealed record SentMessage(string Email, Handle Handle, string Purpose, string Token);
