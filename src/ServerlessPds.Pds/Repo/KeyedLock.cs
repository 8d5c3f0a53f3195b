using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>One async lock per DID, so writers in one process queue instead of racing each other's compare-and-swap.</summary>
internal sealed class KeyedLock
{
    private readonly Dictionary<Did, Entry> _entries = [];

    public async Task<IDisposable> AcquireAsync(Did did, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(did, out entry!))
            {
                entry = new Entry();
                _entries[did] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(did, entry, held: false);
            throw;
        }

        return new Releaser(() => Release(did, entry, held: true));
    }

    private void Release(Did did, Entry entry, bool held)
    {
        if (held)
        {
            entry.Semaphore.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(did);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
