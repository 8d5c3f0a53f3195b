using System.Collections.Concurrent;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// A process-wide cache of immutable blocks by CID, bounded by total bytes: when an addition would exceed the budget
/// the cache starts over. Content addressing makes every cached entry valid forever.
/// </summary>
internal sealed class BlockCache(long maxBytes)
{
    private readonly ConcurrentDictionary<Cid, ReadOnlyMemory<byte>> _blocks = new();
    private long _bytes;

    public bool TryGet(Cid cid, out ReadOnlyMemory<byte> bytes) => _blocks.TryGetValue(cid, out bytes);

    public void Add(Cid cid, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > maxBytes / 4 || !_blocks.TryAdd(cid, bytes))
        {
            return;
        }

        if (Interlocked.Add(ref _bytes, bytes.Length) > maxBytes)
        {
            _blocks.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }
    }
}
