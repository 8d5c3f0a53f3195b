using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Invite codes: creating them (admin) and consuming one use atomically when an account is created. Codes look like
/// the reference PDS's: the service hostname with dots as dashes, then two groups of five base32 characters, e.g.
/// <c>pds-example-com-k3xq7-mfa2p</c>.
/// </summary>
/// <remarks>
/// A use is taken by a conditional replace (<c>If-Match</c>) of the code's record that increments its counter, so two
/// concurrent sign-ups can never both take the last use. Lexicons: com.atproto.server.createInviteCode,
/// createInviteCodes, createAccount (<c>InvalidInviteCode</c>).
/// </remarks>
public sealed class InviteCodeService
{
    /// <summary>The <c>forAccount</c> and <c>createdBy</c> value of codes the operator creates.</summary>
    public const string Admin = "admin";

    /// <summary>The most codes one createInviteCodes call may create per account.</summary>
    public const int MaxCodeCount = 1000;

    /// <summary>The most accounts one createInviteCodes call may name.</summary>
    public const int MaxAccounts = 1000;

    private const int MaxAttempts = 16;

    private readonly IAccountStore _accounts;
    private readonly string _prefix;
    private readonly TimeProvider _time;

    /// <summary>Initializes the service.</summary>
    /// <param name="accounts">The store.</param>
    /// <param name="hostname">The PDS hostname, e.g. <c>pds.example.com</c>, used as the code prefix.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="hostname"/> is empty.</exception>
    public InviteCodeService(IAccountStore accounts, string hostname, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        _accounts = accounts;
        _prefix = hostname.Trim().ToLowerInvariant().Replace('.', '-') + "-";
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates one invite code (admin).</summary>
    /// <param name="input">The number of uses and the account it is for.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The code.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> for a use count below 1 or a <c>forAccount</c> that is not a DID.</exception>
    public async Task<CreateInviteCodeOutput> CreateInviteCodeAsync(CreateInviteCodeInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckUseCount(input.UseCount);
        var forAccount = CheckAccount(input.ForAccount);
        return new CreateInviteCodeOutput { Code = await AddCodeAsync(input.UseCount, forAccount, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Creates invite codes for several accounts (admin).</summary>
    /// <param name="input">Codes per account, uses per code, and the accounts (admin when none).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The codes per account.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> for counts out of range or an account that is not a DID.</exception>
    public async Task<CreateInviteCodesOutput> CreateInviteCodesAsync(CreateInviteCodesInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckUseCount(input.UseCount);
        if (input.CodeCount is < 1 or > MaxCodeCount)
        {
            throw XrpcException.InvalidRequest($"codeCount must be between 1 and {MaxCodeCount}.");
        }
        var accounts = input.ForAccounts is { Count: > 0 } list ? list : [Admin];
        if (accounts.Count > MaxAccounts)
        {
            throw XrpcException.InvalidRequest($"At most {MaxAccounts} accounts per request.");
        }
        var checkedAccounts = accounts.Select(CheckAccount).ToList();
        var result = new List<AccountCodes>(checkedAccounts.Count);
        foreach (var account in checkedAccounts)
        {
            var codes = new List<string>(input.CodeCount);
            for (var i = 0; i < input.CodeCount; i++)
            {
                codes.Add(await AddCodeAsync(input.UseCount, account, cancellationToken).ConfigureAwait(false));
            }
            result.Add(new AccountCodes { Account = account, Codes = codes });
        }
        return new CreateInviteCodesOutput { Codes = result };
    }

    /// <summary>Checks that a code exists, is enabled and has a use left, without taking it.</summary>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidInviteCode</c>.</exception>
    public async Task EnsureAvailableAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var record = await _accounts.GetInviteCodeAsync(code, cancellationToken).ConfigureAwait(false);
        if (!await IsAvailableAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw NotAvailable();
        }
    }

    /// <summary>Takes one use of a code for a new account, atomically.</summary>
    /// <param name="code">The code.</param>
    /// <param name="usedBy">The new account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the use is taken and recorded.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidInviteCode</c> when unknown, disabled or used up.</exception>
    public async Task ConsumeAsync(string code, Did usedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(usedBy);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await _accounts.GetInviteCodeAsync(code, cancellationToken).ConfigureAwait(false);
            if (!await IsAvailableAsync(record, cancellationToken).ConfigureAwait(false))
            {
                throw NotAvailable();
            }
            if (await _accounts.TryReplaceInviteCodeAsync(record! with { UsedCount = record.UsedCount + 1 }, cancellationToken).ConfigureAwait(false))
            {
                await _accounts.AddInviteCodeUseAsync(new InviteCodeUse(code, usedBy, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        throw new XrpcException(503, XrpcErrorName.ServiceUnavailable, "The invite code is busy; try again.");
    }

    /// <summary>Gives back a use taken by <see cref="ConsumeAsync"/> when account creation failed afterwards.</summary>
    /// <param name="code">The code.</param>
    /// <param name="usedBy">The account that took it.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the use is returned.</returns>
    public async Task ReleaseAsync(string code, Did usedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(usedBy);
        await _accounts.RemoveInviteCodeUseAsync(code, usedBy, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await _accounts.GetInviteCodeAsync(code, cancellationToken).ConfigureAwait(false);
            if (record is null || record.UsedCount == 0
                || await _accounts.TryReplaceInviteCodeAsync(record with { UsedCount = record.UsedCount - 1 }, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> IsAvailableAsync(InviteCodeRecord? record, CancellationToken cancellationToken)
    {
        if (record is null || record.Disabled || record.UsedCount >= record.AvailableUses)
        {
            return false;
        }
        // A code made for an account that has since been taken down is dead, as in the reference PDS.
        return !Did.TryParse(record.ForAccount, out var owner)
            || await _accounts.GetAccountAsync(owner, cancellationToken).ConfigureAwait(false) is not { Status: AccountStatus.Takendown };
    }

    private async Task<string> AddCodeAsync(int useCount, string forAccount, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = new InviteCodeRecord
            {
                Code = _prefix + RandomCode.TwoGroups(),
                AvailableUses = useCount,
                ForAccount = forAccount,
                CreatedBy = Admin,
                CreatedAt = _time.GetUtcNow(),
            };
            if (await _accounts.TryAddInviteCodeAsync(record, cancellationToken).ConfigureAwait(false))
            {
                return record.Code;
            }
        }
        throw new XrpcException(503, XrpcErrorName.ServiceUnavailable, "Could not create a unique invite code.");
    }

    private static void CheckUseCount(int useCount)
    {
        if (useCount < 1)
        {
            throw XrpcException.InvalidRequest("useCount must be at least 1.");
        }
    }

    private static string CheckAccount(string? account) =>
        account is null || account == Admin ? Admin
        : Did.IsValid(account) ? account
        : throw XrpcException.InvalidRequest($"'{account}' is not a DID.");

    private static XrpcException NotAvailable() =>
        XrpcException.BadRequest(AccountErrorNames.InvalidInviteCode, "Provided invite code not available");
}
