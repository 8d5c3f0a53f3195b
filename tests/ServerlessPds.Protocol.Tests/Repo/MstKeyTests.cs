using System.Text;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Repo;

public class MstKeyTests
{
    public static TheoryData<string, int> KeyHeights() =>
        Rows(InteropVectors.JsonArray("mst/key_heights.json").Select(e => (e.GetProperty("key").GetString()!, e.GetProperty("height").GetInt32())));

    public static TheoryData<string, string, int> CommonPrefixes()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var e in InteropVectors.JsonArray("mst/common_prefix.json"))
        {
            data.Add(e.GetProperty("left").GetString()!, e.GetProperty("right").GetString()!, e.GetProperty("len").GetInt32());
        }

        return data;
    }

    public static TheoryData<string> ExampleKeys() => InteropVectors.Rows(InteropVectors.Lines("mst/example_keys.txt"));

    public static TheoryData<string> ValidKeys() => new()
    {
        "app.bsky.feed.post/3ke6kg3wmcw2o",
        "a/b",
        "com.example.record/literal:self",
        "xyz.test-domain.record3/z-_.~:",
        "org.a1.b-c.d.e.f.dEf9/...",
        "c/" + new string('k', MstKey.MaxLength - 2),
    };

    public static TheoryData<string> InvalidKeys() => new()
    {
        string.Empty,
        "asdf",
        "/rkey",
        "collection/",
        "a/b/c",
        "a//b",
        "a/b c",
        "a/b#",
        "a/b?",
        "a/é",
        "a/b\0",
        "c/" + new string('k', MstKey.MaxLength - 1),
    };

    [Theory]
    [MemberData(nameof(KeyHeights))]
    public void Depth_InteropKey_MatchesHeight(string key, int height)
    {
        Assert.Equal(height, MstKey.Depth(key));
        Assert.Equal(height, MstKey.Depth(Encoding.UTF8.GetBytes(key)));
    }

    [Theory]
    [MemberData(nameof(CommonPrefixes))]
    public void CommonPrefixLength_InteropPair_MatchesLength(string left, string right, int length)
    {
        Assert.Equal(length, MstKey.CommonPrefixLength(left, right));
        Assert.Equal(length, MstKey.CommonPrefixLength(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right)));
    }

    [Theory]
    [MemberData(nameof(ExampleKeys))]
    public void Depth_ExampleKey_EqualsDigitAfterLetter(string key)
    {
        Assert.True(MstKey.IsValid(key));
        Assert.Equal(key[1] - '0', MstKey.Depth(key));
    }

    [Theory]
    [MemberData(nameof(ValidKeys))]
    public void IsValid_ValidKey_ReturnsTrue(string key)
    {
        Assert.True(MstKey.IsValid(key));
        Assert.True(MstKey.IsValid(Encoding.UTF8.GetBytes(key)));
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public void IsValid_InvalidKey_ReturnsFalse(string key)
    {
        Assert.False(MstKey.IsValid(key));
        Assert.False(MstKey.IsValid(Encoding.UTF8.GetBytes(key)));
    }

    private static TheoryData<string, int> Rows(IEnumerable<(string, int)> rows)
    {
        var data = new TheoryData<string, int>();
        foreach (var (key, height) in rows)
        {
            data.Add(key, height);
        }

        return data;
    }
}
