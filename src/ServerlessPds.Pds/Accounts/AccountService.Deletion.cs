using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <content>requestAccountDelete and deleteAccount.</content>
public sealed partial class AccountService
{
    /// <summary>The email token purpose of account deletion.</summary>
    public const string DeleteAccountPurpose = "delete_account";

    /// <summary>
    /// Emails a one-time deletion token (<c>XXXXX-XXXXX</c>, valid <see cref="AccountServiceOptions.EmailTokenLifetime"/>)
    /// to the account's address, replacing any earlier one.
    /// </summary>
    /// <param name="did">The account (the authenticated caller).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the email is handed over.</returns>
    /// <exception cref="XrpcException">400 <c>AccountNotFound</c>; 400 <c>InvalidRequest</c> when the account has no
    /// email address; 501 <c>MethodNotImplemented</c> when no mailer is configured.</exception>
    public async Task RequestAccountDeleteAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var account = await GetExistingAsync(did, cancellationToken).ConfigureAwait(false);
        if (account.Email is null)
        {
            throw XrpcException.InvalidRequest("account does not have an email address");
        }
        if (_mailer is null)
        {
            throw XrpcException.MethodNotImplemented("com.atproto.server.requestAccountDelete");
        }
        var token = RandomCode.TwoGroups().ToUpperInvariant();
        await _accounts.SetEmailTokenAsync(new EmailTokenRecord(did, DeleteAccountPurpose, token, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await _mailer.SendAccountDeleteTokenAsync(account.Email, account.Handle, token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes an account for good, given its password and the emailed token: the account, its credentials and
    /// sessions are removed, after <see cref="AccountStatus.Deleted"/> is announced through <see cref="IAccountEvents"/>.
    /// </summary>
    /// <param name="input">The DID, account password and token.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the account is gone.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>InvalidRequest</c> for a malformed DID, an unknown account or an over-long password; 401
    /// <c>AuthenticationRequired</c> ("Invalid did or password"); 400 <c>InvalidToken</c> for a wrong or missing token;
    /// 400 <c>ExpiredToken</c> for an expired one.
    /// </exception>
    public async Task DeleteAccountAsync(DeleteAccountInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Did.TryParse(input.Did, out var did))
        {
            throw XrpcException.InvalidRequest("Input/did must be a valid DID");
        }
        var account = await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.InvalidRequest("account not found");
        var password = input.Password ?? "";
        if (password.Length > PasswordHasher.MaxVerifiedPasswordLength)
        {
            throw XrpcException.InvalidRequest("Invalid password length.");
        }
        if (account.PasswordHash is null || !PasswordHasher.Verify(password, account.PasswordHash))
        {
            throw XrpcException.AuthenticationRequired("Invalid did or password");
        }
        var stored = await _accounts.GetEmailTokenAsync(did, DeleteAccountPurpose, cancellationToken).ConfigureAwait(false);
        var given = Encoding.UTF8.GetBytes((input.Token ?? "").Trim().ToUpperInvariant());
        if (stored is null || !CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(stored.Token)))
        {
            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Token is invalid");
        }
        if (stored.RequestedAt + _options.EmailTokenLifetime < _time.GetUtcNow())
        {
            throw new XrpcException(400, XrpcErrorName.ExpiredToken, "Token is expired");
        }
        // The repo closes first, so that no instance (whatever signer or head it has cached) writes after the account
        // is gone; then the deletion is announced before it is done: if the process dies in between, the account still exists and the holder's
        // retry (same token) deletes it and announces again; the other order could lose the event for good.
        await SetWriteStatusAsync(did, AccountStatus.Deleted, cancellationToken).ConfigureAwait(false);
        await _events.AccountStatusChangedAsync(did, AccountStatus.Deleted, cancellationToken).ConfigureAwait(false);
        await _accounts.DeleteAccountAsync(did, cancellationToken).ConfigureAwait(false);
        ForgetSigner(did);
    }
}
