using System.Globalization;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// An in-process table with the concurrency semantics of Azure Table Storage: insert fails on an existing key,
/// replace and delete can be conditional on an ETag, every write gets a new ETag. Each operation is atomic; there is
/// nothing that spans two operations, so code built on it behaves as it will on Table Storage.
/// </summary>
/// <typeparam name="TKey">The row key.</typeparam>
/// <typeparam name="TValue">The row value (immutable).</typeparam>
internal sealed class MemoryTable<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, (TValue Value, string ETag)> _rows = [];
    private long _lastETag;

    public bool TryInsert(TKey key, TValue value)
    {
        lock (_gate)
        {
            return _rows.TryAdd(key, (value, NextETag()));
        }
    }

    public void Upsert(TKey key, TValue value)
    {
        lock (_gate)
        {
            _rows[key] = (value, NextETag());
        }
    }

    public bool TryGet(TKey key, out TValue value, out string eTag)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(key, out var row))
            {
                (value, eTag) = row;
                return true;
            }
        }
        value = default!;
        eTag = "";
        return false;
    }

    public bool TryReplace(TKey key, TValue value, string ifMatch)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var row) || row.ETag != ifMatch)
            {
                return false;
            }
            _rows[key] = (value, NextETag());
            return true;
        }
    }

    public bool TryDelete(TKey key, string? ifMatch = null)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var row) || (ifMatch is not null && row.ETag != ifMatch))
            {
                return false;
            }
            return _rows.Remove(key);
        }
    }

    public List<(TKey Key, TValue Value, string ETag)> Where(Func<TKey, bool> predicate)
    {
        lock (_gate)
        {
            return [.. _rows.Where(r => predicate(r.Key)).Select(r => (r.Key, r.Value.Value, r.Value.ETag))];
        }
    }

    private string NextETag() => "W/\"" + (++_lastETag).ToString(CultureInfo.InvariantCulture) + "\"";
}
