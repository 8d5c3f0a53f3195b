using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using Azure.Data.Tables;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <content>
/// Account preferences: the row <c>prefs</c> in the account's partition, the JSON document in binary properties
/// <c>P0</c>, <c>P1</c>, ... of at most 64 KiB each (Table Storage's property limit), with <c>Parts</c> their count.
/// </content>
public sealed partial class TableAccountStore
{
    private const string PreferencesRow = "prefs";
    private const int PreferencesPartBytes = 64 * 1024;

    /// <inheritdoc/>
    public async Task<byte[]?> GetPreferencesAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var entity = await _accounts.GetAsync(did.Value, PreferencesRow, null, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }
        var parts = entity.GetInt32("Parts") ?? 0;
        using var json = new MemoryStream();
        for (var i = 0; i < parts; i++)
        {
            json.Write(entity.GetBinary("P" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return json.ToArray();
    }

    /// <inheritdoc/>
    public async Task PutPreferencesAsync(Did did, byte[] preferencesJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(preferencesJson);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preferencesJson.Length, IAccountStore.MaxPreferencesBytes);
        var entity = new TableEntity(did.Value, PreferencesRow);
        var parts = 0;
        for (var offset = 0; offset < preferencesJson.Length; offset += PreferencesPartBytes, parts++)
        {
            entity["P" + parts.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                preferencesJson[offset..Math.Min(preferencesJson.Length, offset + PreferencesPartBytes)];
        }
        entity["Parts"] = parts;
        await _accounts.UpsertAsync(entity, cancellationToken).ConfigureAwait(false);
    }
}
