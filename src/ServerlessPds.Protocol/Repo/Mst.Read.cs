using System.Runtime.CompilerServices;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>Reading: look up one key, list keys in order.</summary>
public sealed partial class Mst
{
    /// <summary>Gets the value stored at <paramref name="key"/>.</summary>
    /// <param name="key">The key, <c>collection/rkey</c>.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The value CID, or <see langword="null"/> when the key is absent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="MissingBlockException">A node on the key's path is missing.</exception>
    /// <exception cref="MstFormatException">A node on the path is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node on the path is not canonical DAG-CBOR.</exception>
    public async ValueTask<Cid?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var node = await _root.LoadAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var i = node.LowerBound(key);
            if (i < node.Entries.Length && node.Entries[i].Key == key)
            {
                return node.Entries[i].Value;
            }

            if (node.LinkAt(i) is not { } child)
            {
                return null;
            }

            node = await child.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists keys and values in key order (bytewise), loading only the nodes the range needs.</summary>
    /// <param name="after">When given, only keys strictly after it are listed.</param>
    /// <param name="prefix">When given, only keys that start with it are listed (for example <c>app.bsky.feed.post/</c>).</param>
    /// <param name="cancellationToken">A token that cancels the enumeration.</param>
    /// <returns>The pairs, in order.</returns>
    /// <exception cref="MissingBlockException">A node in the range is missing.</exception>
    /// <exception cref="MstFormatException">A node in the range is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node in the range is not canonical DAG-CBOR.</exception>
    public async IAsyncEnumerable<KeyValuePair<string, Cid>> ListAsync(
        string? after = null, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var from = after ?? string.Empty;
        if (prefix is not null && string.CompareOrdinal(prefix, from) > 0)
        {
            from = prefix;
        }

        var stack = new Stack<(MstNode Node, int Next)>();
        var seek = await _root.LoadAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var i = seek.LowerBound(from);
            stack.Push((seek, i));
            if (seek.LinkAt(i) is not { } child)
            {
                break;
            }

            seek = await child.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        while (stack.TryPop(out var frame))
        {
            var (node, next) = frame;
            if (next >= node.Entries.Length)
            {
                continue;
            }

            var entry = node.Entries[next];
            if (prefix is not null && !entry.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield break;
            }

            if (after is null || string.CompareOrdinal(entry.Key, after) > 0)
            {
                yield return KeyValuePair.Create(entry.Key, entry.Value);
            }

            stack.Push((node, next + 1));
            for (var down = entry.Right; down is not null;)
            {
                var loaded = await down.LoadAsync(cancellationToken).ConfigureAwait(false);
                stack.Push((loaded, 0));
                down = loaded.Left;
            }
        }
    }
}
