using System.Collections.Concurrent;
using System.Security.Cryptography;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.TestSupport;

/// <summary>Mints random did:plc identifiers and remembers what each was registered with.</summary>
public sealed class FakeDidRegistrar : IDidRegistrar
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    public ConcurrentDictionary<Did, (Handle Handle, PublicKey Key, string? RecoveryKey)> Registered { get; } = new();

    public Task<Did> RegisterAsync(Handle handle, PublicKey signingKey, string? recoveryKey, CancellationToken cancellationToken = default)
    {
        var id = new string([.. Enumerable.Range(0, 24).Select(_ => Base32[RandomNumberGenerator.GetInt32(32)])]);
        var did = Did.Parse("did:plc:" + id);
        Registered[did] = (handle, signingKey, recoveryKey);
        return Task.FromResult(did);
    }
}
