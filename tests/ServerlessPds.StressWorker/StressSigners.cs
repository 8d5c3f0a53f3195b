using ServerlessPds.Pds.Accounts;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>The signing keys of the worker's repos: every DID on the command line signs with the one <c>--key</c>.</summary>
internal sealed class StressSigners(IReadOnlyList<Did> dids, SigningKey key) : IAccountSigners
{
    public ValueTask<ISigner> GetSignerAsync(Did did, CancellationToken cancellationToken = default) =>
        dids.Contains(did)
            ? ValueTask.FromResult<ISigner>(key)
            : throw new Protocol.Xrpc.XrpcException(400, new Protocol.Xrpc.XrpcErrorName("AccountNotFound"), "Account not found");
}
