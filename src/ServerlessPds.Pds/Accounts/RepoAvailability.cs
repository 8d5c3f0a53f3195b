using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Decides whether an account's repo (records, sync data and blobs) may be served to a reader, as every public read
/// route must before it answers: <c>com.atproto.repo.getRecord</c>/<c>listRecords</c>/<c>describeRepo</c>, the
/// <c>com.atproto.sync.*</c> routes and <c>getBlob</c>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/account, "Account Status" (a repo that is not active is not served, except to its own
/// holder and the operator). The error names are the sync lexicons' (<c>com.atproto.sync.getRepo</c>):
/// <c>RepoNotFound</c>, <c>RepoTakendown</c>, <c>RepoDeactivated</c>, all 400.
/// </remarks>
/// <param name="accounts">The account store.</param>
public sealed class RepoAvailability(IAccountStore accounts)
{
    /// <summary>Reads the account and throws unless its repo may be served to this reader.</summary>
    /// <param name="did">The repo's DID.</param>
    /// <param name="isOwnerOrAdmin"><see langword="true"/> if the reader is the account itself or the operator, who may
    /// read a deactivated or taken-down repo; otherwise <see langword="false"/>.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The account.</returns>
    /// <exception cref="XrpcException">400 <c>RepoNotFound</c> when no account has the DID; 400 <c>RepoTakendown</c>
    /// or 400 <c>RepoDeactivated</c> when the account is not active and the reader is not its owner or the operator.</exception>
    public async Task<AccountRecord> RequireServableAsync(Did did, bool isOwnerOrAdmin = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var account = await accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.RepoNotFound(did);
        return RequireServable(account, isOwnerOrAdmin);
    }

    /// <summary>Throws unless an account already read may have its repo served to this reader.</summary>
    /// <param name="account">The account.</param>
    /// <param name="isOwnerOrAdmin"><see langword="true"/> if the reader is the account itself or the operator; otherwise <see langword="false"/>.</param>
    /// <returns><paramref name="account"/>.</returns>
    /// <exception cref="XrpcException">400 <c>RepoTakendown</c> or 400 <c>RepoDeactivated</c> when the account is not
    /// active and the reader is not its owner or the operator.</exception>
    public static AccountRecord RequireServable(AccountRecord account, bool isOwnerOrAdmin = false)
    {
        ArgumentNullException.ThrowIfNull(account);
        return isOwnerOrAdmin ? account : account.Status switch
        {
            AccountStatus.Takendown => throw new XrpcException(400, XrpcErrorName.RepoTakendown, $"Repo has been takendown: {account.Did}"),
            AccountStatus.Deactivated => throw new XrpcException(400, XrpcErrorName.RepoDeactivated, $"Repo has been deactivated: {account.Did}"),
            _ => account,
        };
    }
}
