using System.Security.Cryptography;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Reacts to account lifecycle changes: a new account gets its empty repo (<see cref="RepoWriter.CreateRepoAsync"/>),
/// signed with the account's key, which is unprotected here with the same purpose the account service used
/// (<c>account-signing-key:&lt;did&gt;</c>). When the repo cannot be created the account service rolls the account back.
/// Status changes are logged; the <c>#account</c> firehose event is not emitted yet. A migrating account (created
/// deactivated) gets its empty repo too; the repo's first <c>#commit</c>/<c>#sync</c> are sequenced like any other
/// (not yet held back until activation).
/// </summary>
/// <remarks>Spec: atproto.com/specs/account; atproto.com/specs/sync (<c>#sync</c> of a new repo).</remarks>
/// <param name="writer">The repo writer.</param>
/// <param name="keys">The key protector that protected the account's signing key.</param>
/// <param name="logger">The logger.</param>
public sealed partial class RepoAccountEvents(RepoWriter writer, IKeyProtector keys, ILogger<RepoAccountEvents> logger) : IAccountEvents
{
    /// <inheritdoc/>
    public async Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var privateKey = keys.Unprotect(account.ProtectedSigningKey, "account-signing-key:" + account.Did.Value);
        try
        {
            using var signer = SigningKey.Import(KeyAlgorithm.All.First(a => a.Name == account.SigningKeyAlgorithm), privateKey);
            await writer.CreateRepoAsync(account.Did, signer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <inheritdoc/>
    public Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        LogStatus(logger, did.Value, status);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Did} is now {Status}")]
    private static partial void LogStatus(ILogger logger, string did, AccountStatus status);
}
