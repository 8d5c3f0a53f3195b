using ServerlessPds.Pds.Accounts;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>The signing key of one account; any other DID answers 400 <c>AccountNotFound</c>, as the account service does.</summary>
internal sealed class OneAccountSigners(Did did, SigningKey key) : IAccountSigners
{
    public ValueTask<ISigner> GetSignerAsync(Did account, CancellationToken cancellationToken = default) =>
        account == did ? ValueTask.FromResult<ISigner>(key) : throw new XrpcException(400, new XrpcErrorName("AccountNotFound"), "Account not found");
}
