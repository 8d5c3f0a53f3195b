using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>Sends account emails.</summary>
/// <remarks>Lexicon: com.atproto.server.requestAccountDelete ("Initiate a user account deletion via email").</remarks>
public interface IAccountMailer
{
    /// <summary>Sends the one-time token that confirms an account deletion.</summary>
    /// <param name="email">The account's address.</param>
    /// <param name="handle">The account's handle, for the message text.</param>
    /// <param name="token">The token, e.g. <c>ABCDE-FGHIJ</c>.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the message is handed over.</returns>
    Task SendAccountDeleteTokenAsync(string email, Handle handle, string token, CancellationToken cancellationToken = default);
}
