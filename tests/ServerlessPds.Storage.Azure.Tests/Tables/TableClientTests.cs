using Azure;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    public static TheoryData<string, string> SpecialKeys => new()
    {
        { "did:plc:abc", "app.bsky.feed.post:3kabc" },
        { "quote'in'key", "''" },
        { "space and %25 percent", "unicode é 漢字 🙂" },
        { "", "empty partition" },
        { "ampersand&equals=plus+comma,", "parens()[]{}" },
    };

    [Fact]
    public async Task CreateIfNotExists_TwiceThenDelete_ReportsCreatedOnlyFirst()
    {
        var table = azurite.Connection.GetTableClient(azurite.NewTableName("create"));

        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.False(await table.CreateIfNotExistsAsync());
        Assert.True(await table.DeleteIfExistsAsync());
        Assert.False(await table.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task InsertThenGet_EveryPropertyType_RoundTripsWithTypes()
    {
        var table = await NewTableAsync("types");
        var when = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("pk", "rk")
            .Set("Text", "héllo \"quoted\" 'single'")
            .Set("Int32", -42)
            .Set("Int64", long.MaxValue)
            .Set("SmallInt64", 7L)
            .Set("Flag", true)
            .Set("Real", 2.5)
            .Set("WholeReal", 3.0)
            .Set("NotANumber", double.NaN)
            .Set("When", when)
            .Set("Id", id)
            .Set("Bytes", new byte[] { 0, 1, 2, 255 })
            .Set("Empty", Array.Empty<byte>());

        var etag = await table.InsertAsync(entity);
        var read = await table.GetAsync("pk", "rk");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("héllo \"quoted\" 'single'", read.GetString("Text"));
        Assert.Equal(-42, read.GetInt32("Int32"));
        Assert.Equal(long.MaxValue, read.GetInt64("Int64"));
        Assert.IsType<long>(read["SmallInt64"]);
        Assert.Equal(7L, read.GetInt64("SmallInt64"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(2.5, read.GetDouble("Real"));
        Assert.Equal(3.0, read.GetDouble("WholeReal"));
        Assert.True(double.IsNaN(read.GetDouble("NotANumber")!.Value));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
        Assert.Empty(read.GetBinary("Empty")!);
        Assert.Null(read.GetString("Missing"));
        Assert.Throws<InvalidCastException>(() => read.GetString("Int32"));
    }

    [Theory]
    [MemberData(nameof(SpecialKeys))]
    public async Task InsertGetUpdateDelete_KeysNeedingEscapes_AddressTheRightEntity(string partitionKey, string rowKey)
    {
        var table = await NewTableAsync("keys");
        await table.InsertAsync(new TableEntity(partitionKey, rowKey).Set("V", 1));
        await table.InsertAsync(new TableEntity(partitionKey, rowKey + "x").Set("V", 2));

        var read = await table.GetAsync(partitionKey, rowKey);
        var updated = await table.UpdateAsync(new TableEntity(partitionKey, rowKey).Set("V", 10), read!.ETag);
        await table.DeleteAsync(partitionKey, rowKey + "x", ETag.All);

        Assert.Equal(partitionKey, read.PartitionKey);
        Assert.Equal(rowKey, read.RowKey);
        Assert.Equal(10, (await table.GetAsync(partitionKey, rowKey))!.GetInt32("V"));
        Assert.Equal(updated, (await table.GetAsync(partitionKey, rowKey))!.ETag);
        Assert.Null(await table.GetAsync(partitionKey, rowKey + "x"));
    }

    [Fact]
    public async Task Insert_ExistingEntity_ThrowsConflict()
    {
        var table = await NewTableAsync("conflict");
        await table.InsertAsync(new TableEntity("pk", "rk").Set("V", 1));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => table.InsertAsync(new TableEntity("pk", "rk").Set("V", 2)));

        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.Equal(1, (await table.GetAsync("pk", "rk"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Upsert_ExistingEntity_ReplacesAllProperties()
    {
        var table = await NewTableAsync("upsert");
        await table.UpsertAsync(new TableEntity("pk", "rk").Set("A", 1).Set("B", 2));

        await table.UpsertAsync(new TableEntity("pk", "rk").Set("A", 3));
        var read = await table.GetAsync("pk", "rk");

        Assert.Equal(3, read!.GetInt32("A"));
        Assert.Null(read["B"]);
    }

    [Fact]
    public async Task Merge_WithAndWithoutIfMatch_KeepsUnsentPropertiesAndChecksTheETag()
    {
        var table = await NewTableAsync("merge");
        var first = await table.MergeAsync(new TableEntity("pk", "rk").Set("A", 1).Set("B", 2));

        var second = await table.MergeAsync(new TableEntity("pk", "rk").Set("B", 20).Set("C", 30), first);
        var stale = await Assert.ThrowsAsync<StoragePreconditionFailedException>(() =>
            table.MergeAsync(new TableEntity("pk", "rk").Set("A", 100), first));
        var read = await table.GetAsync("pk", "rk");

        Assert.NotEqual(first, second);
        Assert.Equal(412, stale.Status);
        Assert.Equal(1, read!.GetInt32("A"));
        Assert.Equal(20, read.GetInt32("B"));
        Assert.Equal(30, read.GetInt32("C"));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => table.MergeAsync(new TableEntity("pk", "missing").Set("A", 1), ETag.All));
    }

    [Fact]
    public async Task Update_StaleETag_ThrowsPreconditionFailedAndKeepsTheEntity()
    {
        var table = await NewTableAsync("update");
        var original = await table.InsertAsync(new TableEntity("pk", "head").Set("Rev", "a"));
        var current = await table.UpdateAsync(new TableEntity("pk", "head").Set("Rev", "b"), original);

        var ex = await Assert.ThrowsAsync<StoragePreconditionFailedException>(() =>
            table.UpdateAsync(new TableEntity("pk", "head").Set("Rev", "c"), original));
        var read = await table.GetAsync("pk", "head");

        Assert.Equal("UpdateConditionNotSatisfied", ex.ErrorCode);
        Assert.Equal("b", read!.GetString("Rev"));
        Assert.Equal(current, read.ETag);
        await Assert.ThrowsAsync<StorageNotFoundException>(() => table.UpdateAsync(new TableEntity("pk", "missing"), ETag.All));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateAsync(new TableEntity("pk", "head"), default));
    }

    [Fact]
    public async Task Delete_StaleOrMissing_ThrowsTypedExceptions()
    {
        var table = await NewTableAsync("delete");
        var original = await table.InsertAsync(new TableEntity("pk", "rk").Set("V", 1));
        var current = await table.UpdateAsync(new TableEntity("pk", "rk").Set("V", 2), original);

        await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => table.DeleteAsync("pk", "rk", original));
        await table.DeleteAsync("pk", "rk", current);

        Assert.Null(await table.GetAsync("pk", "rk"));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => table.DeleteAsync("pk", "rk"));
    }

    [Fact]
    public async Task Operations_WrongAccountKey_AreRejectedByTheService()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connection = StorageConnection.FromConnectionString(
            azurite.ConnectionString.Replace(StorageConnectionString.DevelopmentAccountKey, wrongKey, StringComparison.Ordinal));

        var table = await Assert.ThrowsAnyAsync<StorageException>(() => connection.GetTableClient("anytable").CreateIfNotExistsAsync());
        var blob = await Assert.ThrowsAnyAsync<StorageException>(() => connection.GetBlobContainerClient("any").CreateIfNotExistsAsync());

        Assert.Equal(403, table.Status);
        Assert.Equal(403, blob.Status);
        Assert.Equal("AuthorizationFailure", blob.ErrorCode);
    }

    [Fact]
    public async Task Get_MissingTable_ThrowsNotFoundInsteadOfNull()
    {
        var table = azurite.Connection.GetTableClient(azurite.NewTableName("absent"));

        var ex = await Assert.ThrowsAsync<StorageNotFoundException>(() => table.GetAsync("pk", "rk"));

        Assert.Equal("TableNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task Get_Select_ReturnsOnlyChosenProperties()
    {
        var table = await NewTableAsync("select");
        await table.InsertAsync(new TableEntity("pk", "rk").Set("A", 1).Set("B", "two").Set("C", 3L));

        var read = await table.GetAsync("pk", "rk", ["A", "C"]);

        Assert.Equal(1, read!.GetInt32("A"));
        Assert.Equal(3L, read.GetInt64("C"));
        Assert.Null(read["B"]);
        Assert.NotEqual(default, read.ETag);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("tab\tkey")]
    [InlineData("del\u007Fkey")]
    public void Constructor_ForbiddenKeyCharacter_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => new TableEntity(key, "rk"));
        Assert.Throws<ArgumentException>(() => new TableEntity("pk", key));
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("odata.etag")]
    [InlineData("")]
    public void Set_InvalidPropertyName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new TableEntity("pk", "rk").Set(name, 1));

    [Fact]
    public void Indexer_UnsupportedTypeOrEarlyDate_Throws()
    {
        var entity = new TableEntity("pk", "rk");

        Assert.Throws<ArgumentException>(() => entity["Value"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["Value"] = DateTime.UtcNow);
        Assert.Throws<ArgumentOutOfRangeException>(() => entity.Set("Value", new DateTimeOffset(1600, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        entity["Value"] = 5L;
        entity["Value"] = null;
        Assert.Empty(entity.Properties);
    }

    private async Task<TableClient> NewTableAsync(string hint)
    {
        var table = azurite.Connection.GetTableClient(azurite.NewTableName(hint));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
