using System.Collections.Concurrent;
using System.Text.Json;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.TestSupport;

/// <summary>A DID document source whose "published" keys the test sets.</summary>
public sealed class FakeDidDocumentSource : IDidDocumentSource
{
    public ConcurrentDictionary<Did, (Handle Handle, PublicKey Key)> Published { get; } = new();

    public Task<JsonElement?> GetDidDocumentAsync(Did did, CancellationToken cancellationToken = default)
    {
        if (!Published.TryGetValue(did, out var doc))
        {
            return Task.FromResult<JsonElement?>(null);
        }
        var json = JsonSerializer.SerializeToElement(new { id = did.Value, alsoKnownAs = new[] { "at://" + doc.Handle.Value } });
        return Task.FromResult<JsonElement?>(json);
    }

    public Task<bool> IsValidForAccountAsync(Did did, Handle handle, PublicKey signingKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(Published.TryGetValue(did, out var doc) && doc.Handle == handle && doc.Key.Equals(signingKey));
}
