using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableQueryTests(AzuriteFixture azurite)
{
    private const int ManyEntities = 1234;

    [Fact]
    public async Task Query_MoreThanOnePageOfEntities_FollowsContinuationsToTheEnd()
    {
        var table = await NewTableAsync("many");
        await InsertManyAsync(table, "did", ManyEntities);

        var pages = new List<TablePage>();
        await foreach (var page in table.QueryAsync(new TableQuery { Filter = TableFilter.PartitionKeyEquals("did") }))
        {
            pages.Add(page);
        }

        var rows = pages.SelectMany(p => p.Entities).Select(e => e.RowKey).ToList();
        Assert.True(pages.Count >= 2, $"expected several pages, got {pages.Count}");
        Assert.All(pages.Take(pages.Count - 1), p => Assert.NotNull(p.ContinuationToken));
        Assert.Null(pages[^1].ContinuationToken);
        Assert.All(pages, p => Assert.True(p.Entities.Count <= TableLimits.MaxEntitiesPerPage));
        Assert.Equal(Enumerable.Range(0, ManyEntities).Select(RowKey), rows);
    }

    [Fact]
    public async Task Query_TopAndResumedToken_PagesInOrderWithoutGapsOrRepeats()
    {
        var table = await NewTableAsync("top");
        await InsertManyAsync(table, "p", 25);
        var query = new TableQuery { Filter = TableFilter.PartitionKeyEquals("p"), Top = 10, Select = ["N"] };

        var seen = new List<string>();
        string? token = null;
        var requests = 0;
        do
        {
            await using var pages = table.QueryAsync(query, token).GetAsyncEnumerator();
            Assert.True(await pages.MoveNextAsync());
            seen.AddRange(pages.Current.Entities.Select(e => e.RowKey));
            Assert.All(pages.Current.Entities, e => Assert.Equal(int.Parse(e.RowKey[1..]), e.GetInt32("N")));
            Assert.All(pages.Current.Entities, e => Assert.Null(e["Payload"]));
            token = pages.Current.ContinuationToken;
            requests++;
        }
        while (token is not null);

        Assert.Equal(3, requests);
        Assert.Equal(Enumerable.Range(0, 25).Select(RowKey), seen);
    }

    [Fact]
    public async Task Query_FiltersOfEveryLiteralType_MatchTheExpectedEntities()
    {
        var table = await NewTableAsync("filters");
        var baseTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 6).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
        for (var i = 0; i < 6; i++)
        {
            await table.InsertAsync(new TableEntity("f", $"r{i}")
                .Set("Name", i == 3 ? "o'brien" : $"name{i}")
                .Set("Small", i)
                .Set("Big", 10_000_000_000L + i)
                .Set("Even", i % 2 == 0)
                .Set("Real", i + 0.5)
                .Set("When", baseTime.AddDays(i))
                .Set("Id", ids[i])
                .Set("Bytes", new byte[] { (byte)i, 0xAB }));
        }

        async Task<string[]> RowsAsync(TableFilter filter)
        {
            var result = new List<string>();
            await foreach (var page in table.QueryAsync(new TableQuery { Filter = TableFilter.And(TableFilter.PartitionKeyEquals("f"), filter) }))
            {
                result.AddRange(page.Entities.Select(e => e.RowKey));
            }

            return [.. result];
        }

        Assert.Equal(["r3"], await RowsAsync(TableFilter.Compare("Name", TableComparison.Equal, "o'brien")));
        Assert.Equal(["r4", "r5"], await RowsAsync(TableFilter.Compare("Small", TableComparison.GreaterThanOrEqual, 4)));
        Assert.Equal(["r0", "r1"], await RowsAsync(TableFilter.Compare("Big", TableComparison.LessThan, 10_000_000_002L)));
        Assert.Equal(["r1", "r3", "r5"], await RowsAsync(TableFilter.Compare("Even", TableComparison.Equal, false)));
        Assert.Equal(["r2"], await RowsAsync(TableFilter.Compare("Real", TableComparison.Equal, 2.5)));
        Assert.Equal(["r5"], await RowsAsync(TableFilter.Compare("When", TableComparison.GreaterThan, baseTime.AddDays(4.5))));
        Assert.Equal(["r2"], await RowsAsync(TableFilter.Compare("Id", TableComparison.Equal, ids[2])));
        Assert.Equal(["r1"], await RowsAsync(TableFilter.Compare("Bytes", TableComparison.Equal, new byte[] { 1, 0xAB })));
        var notSmallAndEven = TableFilter.And(
            TableFilter.Not(TableFilter.Compare("Small", TableComparison.LessThan, 2)), TableFilter.Compare("Even", TableComparison.Equal, true));
        Assert.Equal(["r0", "r2", "r4"], await RowsAsync(TableFilter.Or(TableFilter.Compare("Small", TableComparison.Equal, 0), notSmallAndEven)));
    }

    [Fact]
    public async Task Query_StartsWithOnRowKey_ReturnsOnlyThatPrefix()
    {
        var table = await NewTableAsync("prefix");
        foreach (var rk in new[] { "app.bsky.feed.like:1", "app.bsky.feed.post:1", "app.bsky.feed.post:2", "app.bsky.feed.post", "app.bsky.feed.post;0", "app.bsky.feed.repost:1" })
        {
            await table.InsertAsync(new TableEntity("did", rk).Set("V", 1));
        }

        var rows = new List<string>();
        await foreach (var page in table.QueryAsync(new TableQuery
                       {
                           Filter = TableFilter.And(TableFilter.PartitionKeyEquals("did"), TableFilter.StartsWith("RowKey", "app.bsky.feed.post:")),
                       }))
        {
            rows.AddRange(page.Entities.Select(e => e.RowKey));
        }

        Assert.Equal(["app.bsky.feed.post:1", "app.bsky.feed.post:2"], rows);
    }

    [Fact]
    public async Task Query_MalformedToken_ThrowsArgumentException()
    {
        var table = await NewTableAsync("badtoken");

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var page in table.QueryAsync(continuationToken: "!!not-a-token!!"))
            {
                Assert.Fail($"unexpected page of {page.Entities.Count}");
            }
        });
    }

    private static string RowKey(int i) => $"r{i:D5}";

    private static async Task InsertManyAsync(TableClient table, string partitionKey, int count)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(TableLimits.MaxTransactionOperations))
        {
            await table.SubmitTransactionAsync(chunk
                .Select(i => TableTransactionAction.Insert(new TableEntity(partitionKey, RowKey(i)).Set("N", i).Set("Payload", "x")))
                .ToList());
        }
    }

    private async Task<TableClient> NewTableAsync(string hint)
    {
        var table = azurite.Connection.GetTableClient(azurite.NewTableName(hint));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
