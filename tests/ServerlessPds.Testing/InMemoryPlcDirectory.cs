using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Testing;

/// <summary>
/// A PLC directory in memory that validates like the real one for linear histories: genesis hash and self-signature,
/// prev = CID of the last operation, signature by one of the last operation's rotation keys, nothing after a tombstone.
/// </summary>
public sealed class InMemoryPlcDirectory : IPlcDirectory
{
    private readonly Dictionary<string, List<PlcLogOperation>> _logs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Submissions { get; private set; }

    public Task SubmitAsync(Did did, PlcLogOperation operation, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Submissions++;
            if (!operation.IsSigned)
            {
                throw new ArgumentException("unsigned", nameof(operation));
            }

            if (!_logs.TryGetValue(did.Value, out var log))
            {
                if (operation is not PlcOperation { Prev: null } genesis || PlcDid.FromGenesis(genesis) != did || genesis.FindSigner(genesis.RotationKeys) is null)
                {
                    throw new PlcDirectoryException("Invalid genesis operation", 400);
                }

                _logs[did.Value] = [operation];
                return Task.CompletedTask;
            }

            if (log[^1] is not PlcOperation last || operation.Prev != last.Cid.ToString())
            {
                throw new PlcDirectoryException("Operations not correctly ordered", 400);
            }

            if (operation.FindSigner(last.RotationKeys) is null)
            {
                throw new PlcDirectoryException("Invalid signature on op", 400);
            }

            log.Add(operation);
            return Task.CompletedTask;
        }
    }

    public Task<DidDocument?> GetDocumentAsync(Did did, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_logs.TryGetValue(did.Value, out var log) || log[^1] is not PlcOperation last)
            {
                return Task.FromResult<DidDocument?>(null);
            }

            var document = new DidDocument(
                did,
                last.AlsoKnownAs,
                last.VerificationMethods.Select(m => DidVerificationMethod.Multikey($"{did}#{m.Key}", did.Value, PublicKey.FromDidKey(m.Value))),
                last.Services.Select(s => new DidService("#" + s.Key, s.Value.Type, s.Value.Endpoint)));
            return Task.FromResult<DidDocument?>(document);
        }
    }

    public Task<PlcLogOperation?> GetLastOperationAsync(Did did, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_logs.TryGetValue(did.Value, out var log) ? log[^1] : null);
        }
    }

    public Task<IReadOnlyList<PlcAuditEntry>> GetAuditLogAsync(Did did, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The identity service does not read the audit log.");

    public IReadOnlyList<PlcLogOperation> Log(Did did)
    {
        lock (_gate)
        {
            return _logs.TryGetValue(did.Value, out var log) ? [.. log] : [];
        }
    }
}
