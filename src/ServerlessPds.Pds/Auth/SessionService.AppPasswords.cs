using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <content>App passwords: createAppPassword, listAppPasswords, revokeAppPassword.</content>
public sealed partial class SessionService
{
    /// <summary>The longest app password name accepted, in characters.</summary>
    public const int MaxAppPasswordNameLength = 256;

    /// <summary>Creates an app password. Only full sessions may (app-password sessions get <c>InvalidToken</c>).</summary>
    /// <param name="principal">The authenticated caller.</param>
    /// <param name="input">The name and whether it is privileged.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The app password; its secret is shown only here.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>InvalidToken</c> for an app-password session; 400 <c>AccountTakedown</c>; 400 <c>InvalidRequest</c> for an
    /// empty, too long or already used name.
    /// </exception>
    public async Task<CreateAppPasswordOutput> CreateAppPasswordAsync(
        AccessPrincipal principal, CreateAppPasswordInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(input);
        if (principal.Scope != AuthScope.Access)
        {
            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Bad token scope");
        }
        await RequireNotTakendownAsync(principal.Did, cancellationToken).ConfigureAwait(false);
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxAppPasswordNameLength)
        {
            throw XrpcException.InvalidRequest($"An app password name has 1 to {MaxAppPasswordNameLength} characters.");
        }
        var password = AppPasswordFormat.Generate();
        var record = new AppPasswordRecord
        {
            Did = principal.Did,
            Name = name,
            PasswordHash = _hasher.HashAppPassword(principal.Did, password),
            Privileged = input.Privileged ?? false,
            CreatedAt = _time.GetUtcNow(),
        };
        if (!await _accounts.TryAddAppPasswordAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw XrpcException.InvalidRequest($"An app password named '{name}' already exists.");
        }
        return new CreateAppPasswordOutput
        {
            Name = name,
            Password = password,
            CreatedAt = AtprotoDateTime.Format(record.CreatedAt),
            Privileged = record.Privileged,
        };
    }

    /// <summary>Lists the account's app passwords, newest first, without their secrets.</summary>
    /// <param name="principal">The authenticated caller.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The app passwords.</returns>
    /// <exception cref="XrpcException">400 <c>AccountTakedown</c>.</exception>
    public async Task<ListAppPasswordsOutput> ListAppPasswordsAsync(AccessPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await RequireNotTakendownAsync(principal.Did, cancellationToken).ConfigureAwait(false);
        var records = await _accounts.ListAppPasswordsAsync(principal.Did, cancellationToken).ConfigureAwait(false);
        return new ListAppPasswordsOutput
        {
            Passwords = [.. records.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => new AppPasswordView
            {
                Name = r.Name,
                CreatedAt = AtprotoDateTime.Format(r.CreatedAt),
                Privileged = r.Privileged,
            })],
        };
    }

    /// <summary>Revokes an app password and ends every session made with it (its refresh tokens). Unknown names are ignored.</summary>
    /// <param name="principal">The authenticated caller.</param>
    /// <param name="input">The name.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when it is revoked.</returns>
    public async Task RevokeAppPasswordAsync(AccessPrincipal principal, RevokeAppPasswordInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name?.Trim() ?? "";
        await _accounts.DeleteAppPasswordAsync(principal.Did, name, cancellationToken).ConfigureAwait(false);
        await RevokeSessionsAsync(principal.Did, name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AppPasswordRecord?> FindAppPasswordAsync(Did did, string password, CancellationToken cancellationToken)
    {
        if (!AppPasswordFormat.IsWellFormed(password))
        {
            return null;
        }
        var records = await _accounts.ListAppPasswordsAsync(did, cancellationToken).ConfigureAwait(false);
        AppPasswordRecord? match = null;
        // One derivation per iteration count in use (normally one), then constant-time comparisons.
        foreach (var group in records.GroupBy(r => PasswordHasher.IterationsOf(r.PasswordHash)))
        {
            var candidate = Encoding.ASCII.GetBytes(PasswordHasher.HashAppPassword(did, password, group.Key));
            foreach (var record in group)
            {
                if (CryptographicOperations.FixedTimeEquals(candidate, Encoding.ASCII.GetBytes(record.PasswordHash)))
                {
                    match = record;
                }
            }
        }
        return match;
    }

    private async Task RequireNotTakendownAsync(Did did, CancellationToken cancellationToken)
    {
        var account = await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.InvalidRequest($"Could not find user info for account: {did}");
        if (account.Status == AccountStatus.Takendown)
        {
            throw new XrpcException(400, XrpcErrorName.AccountTakedown, "Account has been taken down");
        }
    }
}
