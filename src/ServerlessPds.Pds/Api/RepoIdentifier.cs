using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api;

/// <summary>Resolves the <c>repo</c> at-identifier (DID or handle) of XRPC input to an account hosted here.</summary>
public static class RepoIdentifier
{
    /// <summary>Resolves <paramref name="repo"/> to a hosted account's DID.</summary>
    /// <param name="accounts">The account store.</param>
    /// <param name="repo">The at-identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The DID.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: malformed, or no such account here.</exception>
    public static async Task<Did> ResolveAsync(IAccountStore accounts, string repo, CancellationToken cancellationToken = default) =>
        (await ResolveAccountAsync(accounts, repo, cancellationToken)).Did;

    /// <summary>Resolves <paramref name="repo"/> to the account hosted here, in one read.</summary>
    /// <param name="accounts">The account store.</param>
    /// <param name="repo">The at-identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The account.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: malformed, or no such account here.</exception>
    public static async Task<AccountRecord> ResolveAccountAsync(IAccountStore accounts, string repo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var identifier = XrpcInput.Parse<AtIdentifier>("repo", repo);
        var account = identifier.Did is { } did
            ? await accounts.GetAccountAsync(did, cancellationToken)
            : await accounts.GetAccountByHandleAsync(identifier.Handle!, cancellationToken);
        return account ?? throw XrpcException.InvalidRequest($"Could not find repo: {repo}");
    }

    /// <summary>
    /// Resolves <paramref name="repo"/> and requires it to be the caller's own. The caller's own DID needs no read; a
    /// handle or another DID is looked up, so an unknown repo still answers 400 <c>InvalidRequest</c> before the 401.
    /// </summary>
    /// <param name="accounts">The account store.</param>
    /// <param name="repo">The at-identifier.</param>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The caller's DID.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> as <see cref="ResolveAsync"/>; 401 <c>AuthenticationRequired</c>: another account's repo.</exception>
    public static async Task<Did> ResolveOwnAsync(IAccountStore accounts, string repo, Did caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (repo == caller.Value)
        {
            return caller;
        }

        var did = await ResolveAsync(accounts, repo, cancellationToken);
        return did == caller ? did : throw XrpcException.AuthenticationRequired("Cannot write to another account's repo");
    }
}
