using ContentHelper.Api.Platform;

namespace ContentHelper.Tests.Platform;

/// <summary>The bound by bytes the per-account caches share (issue 26, items 4 and 7).</summary>
public class LruCacheTests
{
    [Fact]
    public void TheLeastRecentlyUsedGoFirstOnceTheBytesPassTheBound()
    {
        var cache = new LruCache<string, int>(100);
        cache.Set("a", 1, 40);
        cache.Set("b", 2, 40);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("c", 3, 40);

        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(80, cache.Bytes);
    }

    [Fact]
    public void AnEntryLargerThanTheBoundStaysAlone()
    {
        var cache = new LruCache<string, int>(100);
        cache.Set("a", 1, 40);

        cache.Set("large", 2, 250);

        Assert.True(cache.TryGet("large", out _));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(1, cache.Count);
    }
}
