using Azure;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableTransactionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SubmitTransaction_HundredInserts_CommitsAllAndReturnsEachETag()
    {
        var table = await NewTableAsync("hundred");
        var actions = Enumerable.Range(0, TableLimits.MaxTransactionOperations)
            .Select(i => TableTransactionAction.Insert(new TableEntity("did", $"r{i:D3}").Set("N", i)))
            .ToList();

        var etags = await table.SubmitTransactionAsync(actions);

        Assert.Equal(100, etags.Count);
        Assert.All(etags, e => Assert.NotEqual(default, e));
        Assert.Equal(100, await CountAsync(table, "did"));
        Assert.Equal(etags[42], (await table.GetAsync("did", "r042"))!.ETag);
    }

    [Fact]
    public async Task SubmitTransaction_HundredAndOneActions_IsRejectedBeforeSending()
    {
        var table = await NewTableAsync("toomany");
        var actions = Enumerable.Range(0, TableLimits.MaxTransactionOperations + 1)
            .Select(i => TableTransactionAction.Insert(new TableEntity("did", $"r{i:D3}").Set("N", i)))
            .ToList();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(actions));

        Assert.Contains("at most 100", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(table, "did"));
    }

    [Fact]
    public async Task SubmitTransaction_HundredAndOneActionsWithoutClientChecks_ServiceRejectsAndNothingIsWritten()
    {
        var table = await NewTableAsync("toomanysvc");
        table.EnforceLimits = false;
        var actions = Enumerable.Range(0, TableLimits.MaxTransactionOperations + 1)
            .Select(i => TableTransactionAction.Insert(new TableEntity("did", $"r{i:D3}").Set("N", i)))
            .ToList();

        var ex = await Assert.ThrowsAnyAsync<StorageException>(() => table.SubmitTransactionAsync(actions));

        Assert.Equal(400, ex.Status);
        Assert.Equal(0, await CountAsync(table, "did"));
    }

    [Fact]
    public async Task SubmitTransaction_StaleIfMatch_FailsAsAWholeNamingTheOperationAndChangesNothing()
    {
        var table = await NewTableAsync("stale");
        var stale = await table.InsertAsync(new TableEntity("did", "head").Set("Rev", "1"));
        var current = await table.UpdateAsync(new TableEntity("did", "head").Set("Rev", "2"), stale);
        await table.InsertAsync(new TableEntity("did", "old").Set("V", 1));

        var ex = await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => table.SubmitTransactionAsync(
        [
            TableTransactionAction.Insert(new TableEntity("did", "outbox-3").Set("Seq", 3L)),
            TableTransactionAction.Delete("did", "old", ETag.All),
            TableTransactionAction.Update(new TableEntity("did", "head").Set("Rev", "3"), stale),
        ]));

        Assert.Equal(2, ex.FailedOperationIndex);
        Assert.Equal(412, ex.Status);
        Assert.Null(await table.GetAsync("did", "outbox-3"));
        Assert.NotNull(await table.GetAsync("did", "old"));
        var head = await table.GetAsync("did", "head");
        Assert.Equal("2", head!.GetString("Rev"));
        Assert.Equal(current, head.ETag);
    }

    [Fact]
    public async Task SubmitTransaction_HeadSwapWithOutbox_AppliesBothAtomically()
    {
        var table = await NewTableAsync("headswap");
        var created = await table.SubmitTransactionAsync(
        [
            TableTransactionAction.Insert(new TableEntity("did", "head").Set("Rev", "1")),
            TableTransactionAction.Insert(new TableEntity("did", "outbox-1").Set("Seq", 1L)),
        ]);

        var swapped = await table.SubmitTransactionAsync(
        [
            TableTransactionAction.Update(new TableEntity("did", "head").Set("Rev", "2"), created[0]),
            TableTransactionAction.Insert(new TableEntity("did", "outbox-2").Set("Seq", 2L)),
            TableTransactionAction.Merge(new TableEntity("did", "outbox-1").Set("Done", true), created[1]),
            TableTransactionAction.Upsert(new TableEntity("did", "meta").Set("Count", 2)),
        ]);

        Assert.Equal(swapped[0], (await table.GetAsync("did", "head"))!.ETag);
        Assert.Equal("2", (await table.GetAsync("did", "head"))!.GetString("Rev"));
        Assert.Equal(2L, (await table.GetAsync("did", "outbox-2"))!.GetInt64("Seq"));
        Assert.True((await table.GetAsync("did", "outbox-1"))!.GetBoolean("Done"));
        Assert.Equal(1L, (await table.GetAsync("did", "outbox-1"))!.GetInt64("Seq"));
        Assert.Equal(2, (await table.GetAsync("did", "meta"))!.GetInt32("Count"));
    }

    [Fact]
    public async Task SubmitTransaction_EntitiesWithoutCustomPropertiesThenDeletesOnly_Succeed()
    {
        var table = await NewTableAsync("bare");

        var inserted = await table.SubmitTransactionAsync(
            [TableTransactionAction.Insert(new TableEntity("did", "a")), TableTransactionAction.Upsert(new TableEntity("did", "b"))]);
        await table.SubmitTransactionAsync(
            [TableTransactionAction.Delete("did", "a", inserted[0]), TableTransactionAction.Delete("did", "b", ETag.All)]);

        Assert.Equal(0, await CountAsync(table, "did"));
    }

    [Fact]
    public async Task SubmitTransaction_InsertOfExistingEntity_ThrowsConflictNamingTheOperation()
    {
        var table = await NewTableAsync("batchconflict");
        await table.InsertAsync(new TableEntity("did", "b").Set("V", 1));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => table.SubmitTransactionAsync(
        [
            TableTransactionAction.Insert(new TableEntity("did", "a").Set("V", 1)),
            TableTransactionAction.Insert(new TableEntity("did", "b").Set("V", 2)),
        ]));

        Assert.Equal(1, ex.FailedOperationIndex);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.Null(await table.GetAsync("did", "a"));
    }

    [Fact]
    public async Task SubmitTransaction_DeleteOfMissingEntity_ThrowsNotFound()
    {
        var table = await NewTableAsync("batchmissing");

        var ex = await Assert.ThrowsAsync<StorageNotFoundException>(() => table.SubmitTransactionAsync(
        [
            TableTransactionAction.Insert(new TableEntity("did", "a").Set("V", 1)),
            TableTransactionAction.Delete("did", "zz", ETag.All),
        ]));

        Assert.Equal(1, ex.FailedOperationIndex);
        Assert.Null(await table.GetAsync("did", "a"));
    }

    [Fact]
    public async Task SubmitTransaction_ShapeViolations_AreRejectedBeforeSending()
    {
        var table = await NewTableAsync("shape");

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            TableTransactionAction.Insert(new TableEntity("a", "1").Set("V", 1)),
            TableTransactionAction.Insert(new TableEntity("b", "1").Set("V", 1)),
        ]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            TableTransactionAction.Insert(new TableEntity("a", "1").Set("V", 1)),
            TableTransactionAction.Upsert(new TableEntity("a", "1").Set("V", 2)),
        ]));
        Assert.Throws<ArgumentException>(() => TableTransactionAction.Update(new TableEntity("a", "1"), default));
    }

    [Fact]
    public async Task SubmitTransaction_PayloadOverFourMebibytes_ThrowsEntityTooLargeBeforeSending()
    {
        var table = await NewTableAsync("bigbatch");
        var blob = new byte[TableLimits.MaxBinaryPropertyBytes];
        var actions = Enumerable.Range(0, 50)
            .Select(i => TableTransactionAction.Insert(new TableEntity("did", $"r{i}").Set("A", blob).Set("B", blob)))
            .ToList();

        var ex = await Assert.ThrowsAsync<StorageEntityTooLargeException>(() => table.SubmitTransactionAsync(actions));

        Assert.Equal("RequestBodyTooLarge", ex.ErrorCode);
        Assert.Equal(0, await CountAsync(table, "did"));
    }

    private static async Task<int> CountAsync(TableClient table, string partitionKey)
    {
        var count = 0;
        await foreach (var page in table.QueryAsync(new TableQuery { Filter = TableFilter.PartitionKeyEquals(partitionKey) }))
        {
            count += page.Entities.Count;
        }

        return count;
    }

    private async Task<TableClient> NewTableAsync(string hint)
    {
        var table = azurite.Connection.GetTableClient(azurite.NewTableName(hint));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
