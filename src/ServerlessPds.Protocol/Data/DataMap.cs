using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Data;

/// <summary>A data model map (object) with string keys. Key order carries no meaning; DAG-CBOR sorts keys canonically.</summary>
public sealed class DataMap : DataValue
{
    private readonly Dictionary<string, DataValue> _entries;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="entries">The entries; copied.</param>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public DataMap(IEnumerable<KeyValuePair<string, DataValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<string, DataValue>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            if (!_entries.TryAdd(key, value ?? throw new ArgumentException($"Value of '{key}' is null; use DataValue.Null.", nameof(entries))))
            {
                throw new ArgumentException($"Duplicate map key '{key}'.", nameof(entries));
            }
        }
    }

    /// <summary>Gets the entries.</summary>
    public IReadOnlyDictionary<string, DataValue> Entries => _entries;

    /// <summary>Gets the number of entries.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Map;

    /// <summary>Gets the value of <paramref name="key"/>, or <see langword="null"/> when absent.</summary>
    /// <param name="key">The key.</param>
    public DataValue? this[string key] => _entries.GetValueOrDefault(key);

    /// <summary>Creates a map from key/value pairs.</summary>
    /// <param name="entries">The entries.</param>
    /// <returns>The map.</returns>
    public static DataMap Of(params (string Key, DataValue Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    /// <summary>Tries to get the value of <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when present.</param>
    /// <returns><see langword="true"/> if the key is present; otherwise <see langword="false"/>.</returns>
    public bool TryGetValue(string key, [NotNullWhen(true)] out DataValue? value) => _entries.TryGetValue(key, out value);

    /// <summary>Gets the string value of <paramref name="key"/>, or <see langword="null"/> when absent or not a string.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The string or <see langword="null"/>.</returns>
    public string? GetString(string key) => _entries.GetValueOrDefault(key) is DataString s ? s.Value : null;

    /// <summary>Gets the keys in DAG-CBOR canonical order (UTF-8 length first, then bytewise).</summary>
    /// <returns>The sorted keys.</returns>
    public string[] CanonicalKeys()
    {
        var keys = _entries.Keys.ToArray();
        Array.Sort(keys, DagCbor.CompareKeys);
        return keys;
    }

    /// <inheritdoc/>
    public override bool Equals(DataValue? other)
    {
        if (other is not DataMap m || m.Count != Count)
        {
            return false;
        }

        foreach (var (key, value) in _entries)
        {
            if (!m._entries.TryGetValue(key, out var v) || !v.Equals(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => Count;
}
