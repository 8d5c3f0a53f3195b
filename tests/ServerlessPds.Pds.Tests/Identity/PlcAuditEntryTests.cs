using System.Text.Json.Nodes;
using ServerlessPds.Protocol.Identity;

namespace ServerlessPds.Pds.Tests.Identity;

public class PlcAuditEntryTests
{
    [Fact]
    public void ParseLog_ReferenceChain_ReadsEveryEntry()
    {
        var log = BuildLog();

        var entries = PlcAuditEntry.ParseLog(log.ToJsonString());

        Assert.Equal(4, entries.Count);
        Assert.Equal("did:plc:bnvkralitxd5jeg3jneu7d2e", entries[0].Did.Value);
        Assert.Null(entries[0].Operation.Prev);
        Assert.Equal(entries[0].Cid.ToString(), entries[1].Operation.Prev);
        Assert.True(entries[1].Nullified);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero), entries[2].CreatedAt);
    }

    public static TheoryData<string, string, JsonNode?> BadEntries() => new()
    {
        { "wrong cid", "cid", "bafyreiao4uktwwos6yna4y3mbh7s6avgf3vpsmhglcrfj5b73acbxetioy" },
        { "cid not a CID", "cid", "nope" },
        { "nullified a string", "nullified", "false" },
        { "no nullified", "nullified", null },
        { "bad createdAt", "createdAt", "yesterday" },
        { "bad did", "did", "plc:x" },
        { "unsigned operation", "operation", JsonNode.Parse("""{"type":"plc_tombstone","prev":"bafyreiao4uktwwos6yna4y3mbh7s6avgf3vpsmhglcrfj5b73acbxetioy"}""") },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void ParseLog_BadEntry_ThrowsFormatException(string why, string field, JsonNode? value)
    {
        var log = BuildLog();
        var entry = log[1]!.AsObject();
        if (value is null)
        {
            entry.Remove(field);
        }
        else
        {
            entry[field] = value;
        }

        var e = Assert.ThrowsAny<FormatException>(() => PlcAuditEntry.ParseLog(log.ToJsonString()));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Fact]
    public void ParseLog_NotAnArray_ThrowsFormatException() =>
        Assert.ThrowsAny<FormatException>(() => PlcAuditEntry.ParseLog("{}"));

    private static JsonArray BuildLog()
    {
        var log = new JsonArray();
        var i = 0;
        foreach (var name in new[] { "genesis-k256", "update-handle", "update-pds", "update-signing-key" })
        {
            var fixture = PlcReferenceFixture.Case(name);
            log.Add(new JsonObject
            {
                ["did"] = "did:plc:bnvkralitxd5jeg3jneu7d2e",
                ["operation"] = JsonNode.Parse(fixture.GetProperty("op").GetRawText()),
                ["cid"] = fixture.GetProperty("cid").GetString(),
                ["nullified"] = i == 1,
                ["createdAt"] = $"2026-01-02T03:04:{3 + i:00}.006Z",
            });
            i++;
        }

        return log;
    }
}
