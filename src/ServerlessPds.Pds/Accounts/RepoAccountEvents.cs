using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Turns account lifecycle changes into the repo and the firehose events the reference PDS emits:
/// <list type="bullet">
/// <item>a new account gets its empty repo (signed with the account's key, unprotected here with the purpose
/// <c>account-signing-key:&lt;did&gt;</c>), whose first outbox entry holds <c>#identity</c> (handle),
/// <c>#account</c> (active), <c>#commit</c> and <c>#sync</c>, in that order, stored atomically with the commit; an
/// account migrating in (created deactivated) gets its repo with no events at all;</item>
/// <item>activation: <c>#account</c> (active), <c>#identity</c> (handle) and <c>#sync</c> of the current commit;</item>
/// <item>deactivation, takedown and its reversal, deletion: <c>#account</c> with <c>active</c> false and the status
/// (<c>deactivated</c>, <c>takendown</c>, <c>deleted</c>), or active true when a reversal leaves it active;</item>
/// <item>a handle or DID document change: <c>#identity</c> with the handle.</item>
/// </list>
/// When the repo cannot be created the account service rolls the account back.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync ("Identity and Account Events", "Sync Events"), atproto.com/specs/account ("Account
/// Status"). docs/architecture.md, "Account and identity events", says what a crash between the account change and
/// the append leaves.
/// </remarks>
/// <param name="writer">The repo writer.</param>
/// <param name="sequencer">The sequencer for events that belong to no commit.</param>
/// <param name="accounts">The account store (the handle announced on activation).</param>
/// <param name="keys">The key protector that protected the account's signing key.</param>
/// <param name="time">The clock that stamps events.</param>
/// <param name="logger">The logger.</param>
public sealed partial class RepoAccountEvents(
    RepoWriter writer, Sequencer sequencer, IAccountStore accounts, IKeyProtector keys, TimeProvider time, ILogger<RepoAccountEvents> logger)
    : IAccountEvents
{
    /// <inheritdoc/>
    public async Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var privateKey = keys.Unprotect(account.ProtectedSigningKey, "account-signing-key:" + account.Did.Value);
        try
        {
            using var signer = SigningKey.Import(KeyAlgorithm.All.First(a => a.Name == account.SigningKeyAlgorithm), privateKey);
            var announce = account.Status == AccountStatus.Active;
            StoredEvent[] leading = announce ? [Identity(account.Did, account.Handle), Account(account.Did, AccountStatus.Active)] : [];
            await writer.CreateRepoAsync(account.Did, signer, leading, announce, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <inheritdoc/>
    public async Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        LogStatus(logger, did.Value, status);
        if (status == AccountStatus.Active)
        {
            var handle = (await accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false))?.Handle ?? Handle.Invalid;
            await writer.AnnounceCurrentCommitAsync(did, [Account(did, status), Identity(did, handle)], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sequencer.SequenceAccountEventsAsync(did, [Account(did, status)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task IdentityChangedAsync(Did did, Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(handle);
        await sequencer.SequenceAccountEventsAsync(did, [Identity(did, handle)], cancellationToken).ConfigureAwait(false);
    }

    private StoredEvent Identity(Did did, Handle handle) =>
        StoredEvent.From(new IdentityEvent { Did = did, Time = Now(), Handle = handle });

    private StoredEvent Account(Did did, AccountStatus status) => StoredEvent.From(new AccountEvent
    {
        Did = did,
        Time = Now(),
        Active = status == AccountStatus.Active,
        Status = AccountStatusText.ToWire(status),
    });

    private AtprotoDatetime Now() => AtprotoDatetime.FromDateTimeOffset(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Did} is now {Status}")]
    private static partial void LogStatus(ILogger logger, string did, AccountStatus status);
}
