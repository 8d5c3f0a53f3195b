using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>One account created with an invite code.</summary>
/// <remarks>Lexicon: com.atproto.server.defs#inviteCodeUse.</remarks>
/// <param name="Code">The invite code.</param>
/// <param name="UsedBy">The DID of the account created with it.</param>
/// <param name="UsedAt">When the account was created (UTC).</param>
public sealed record InviteCodeUse(string Code, Did UsedBy, DateTimeOffset UsedAt);
