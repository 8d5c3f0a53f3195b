using System.Collections.Concurrent;
using System.Security.Cryptography;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <content>Repo signing keys: unprotected on demand and cached briefly.</content>
public sealed partial class AccountService
{
    private readonly ConcurrentDictionary<Did, (SigningKey Key, DateTimeOffset Expires)> _signers = new();

    /// <summary>
    /// Gets the signer of an account's repo signing key: unprotected from the store on first use and cached for
    /// <see cref="AccountServiceOptions.SignerCacheLifetime"/>. Evicted keys are not disposed (a caller may still hold
    /// them); the garbage collector releases them.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The signer; do not dispose it.</returns>
    /// <exception cref="XrpcException">400 <c>AccountNotFound</c> when the account does not exist.</exception>
    /// <exception cref="CryptographicException">The stored key fails its integrity check or its algorithm is unknown.</exception>
    public async ValueTask<ISigner> GetSignerAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var now = _time.GetUtcNow();
        if (_signers.TryGetValue(did, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }
        var account = await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.BadRequest(AccountErrorNames.AccountNotFound, $"Account not found: {did}");
        var key = UnprotectSigningKey(account);
        _signers[did] = (key, now + _options.SignerCacheLifetime);
        return key;
    }

    private SigningKey UnprotectSigningKey(AccountRecord account)
    {
        var algorithm = KeyAlgorithm.All.FirstOrDefault(a => a.Name == account.SigningKeyAlgorithm)
            ?? throw new CryptographicException($"Unknown signing key algorithm '{account.SigningKeyAlgorithm}'.");
        var privateKey = _keys.Unprotect(account.ProtectedSigningKey, SigningKeyPurpose(account.Did));
        try
        {
            return SigningKey.Import(algorithm, privateKey);
        }
        catch (KeyFormatException e)
        {
            throw new CryptographicException("The stored signing key is not a valid private key.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private void ForgetSigner(Did did) => _signers.TryRemove(did, out _);
}
