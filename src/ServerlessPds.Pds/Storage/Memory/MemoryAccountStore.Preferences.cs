using System.Collections.Concurrent;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <content>Account preferences (app.bsky.actor.putPreferences), one JSON document per account.</content>
public sealed partial class MemoryAccountStore
{
    private readonly ConcurrentDictionary<string, byte[]> _preferences = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<byte[]?> GetPreferencesAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_preferences.TryGetValue(did.Value, out var json) ? json : null);
    }

    /// <inheritdoc/>
    public Task PutPreferencesAsync(Did did, byte[] preferencesJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(preferencesJson);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preferencesJson.Length, Ports.IAccountStore.MaxPreferencesBytes);
        cancellationToken.ThrowIfCancellationRequested();
        _preferences[did.Value] = [.. preferencesJson];
        return Task.CompletedTask;
    }
}
