namespace ContentHelper.Api.Platform;

/// <summary>
/// Per-account state rebuilt from the database when lost (interest indexes, reading lists), bounded by the memory it
/// holds: past <paramref name="maxBytes"/> the least recently used go first. Unlike a size-limited MemoryCache, which
/// refuses an entry that does not fit beside the others, a new entry always gets in — one larger than the whole bound
/// stays, alone — so a large account is never rebuilt on every request because its entry would not fit.
/// </summary>
internal sealed class LruCache<TKey, TValue>(long maxBytes) where TKey : notnull
{
    readonly Lock gate = new();
    readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value, long Bytes)>> entries = [];
    readonly LinkedList<(TKey Key, TValue Value, long Bytes)> recency = new(); // most recently used first
    long bytes;

    /// <summary>What the entries held count, in bytes.</summary>
    public long Bytes
    {
        get { lock (gate) return bytes; }
    }

    public int Count
    {
        get { lock (gate) return entries.Count; }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var node))
            {
                value = default!;
                return false;
            }
            recency.Remove(node);
            recency.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
    }

    public void Set(TKey key, TValue value, long size)
    {
        lock (gate)
        {
            if (entries.Remove(key, out var old))
            {
                recency.Remove(old);
                bytes -= old.Value.Bytes;
            }
            entries[key] = recency.AddFirst((key, value, size));
            bytes += size;
            while (bytes > maxBytes && recency.Last is { } last && last != recency.First)
            {
                recency.RemoveLast();
                entries.Remove(last.Value.Key);
                bytes -= last.Value.Bytes;
            }
        }
    }

    public void Remove(TKey key)
    {
        lock (gate)
        {
            if (!entries.Remove(key, out var node)) return;
            recency.Remove(node);
            bytes -= node.Value.Bytes;
        }
    }
}
