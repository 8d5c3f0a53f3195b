using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableLimitsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Insert_BinaryPropertyAtTheLimit_RoundTrips()
    {
        var table = await NewTableAsync("binmax");
        var bytes = Pattern(TableLimits.MaxBinaryPropertyBytes);

        await table.InsertAsync(new TableEntity("pk", "rk").Set("Blob", bytes));

        Assert.Equal(bytes, (await table.GetAsync("pk", "rk"))!.GetBinary("Blob"));
    }

    [Fact]
    public async Task Insert_BinaryPropertyOverTheLimit_ThrowsEntityTooLargeBeforeSending()
    {
        var table = await NewTableAsync("binover");

        var ex = await Assert.ThrowsAsync<StorageEntityTooLargeException>(() =>
            table.InsertAsync(new TableEntity("pk", "rk").Set("Blob", Pattern(TableLimits.MaxBinaryPropertyBytes + 1))));

        Assert.Equal("PropertyValueTooLarge", ex.ErrorCode);
        Assert.Contains("Blob", ex.Message, StringComparison.Ordinal);
        Assert.Null(await table.GetAsync("pk", "rk"));
    }

    [Fact]
    public async Task Insert_BinaryPropertyOverTheLimitWithoutClientChecks_ServiceAnswerMapsToEntityTooLarge()
    {
        var table = await NewTableAsync("binoversvc");
        table.EnforceLimits = false;

        var ex = await Assert.ThrowsAsync<StorageEntityTooLargeException>(() =>
            table.InsertAsync(new TableEntity("pk", "rk").Set("Blob", Pattern(TableLimits.MaxBinaryPropertyBytes + 1))));

        Assert.Equal(400, ex.Status);
        Assert.Equal("PropertyValueTooLarge", ex.ErrorCode);
    }

    [Fact]
    public async Task Insert_StringPropertyAtAndOverTheLimit_AcceptsThenRejects()
    {
        var table = await NewTableAsync("strmax");
        var atLimit = new string('s', TableLimits.MaxStringPropertyChars);

        await table.InsertAsync(new TableEntity("pk", "ok").Set("Text", atLimit));
        var ex = await Assert.ThrowsAsync<StorageEntityTooLargeException>(() =>
            table.InsertAsync(new TableEntity("pk", "over").Set("Text", atLimit + "s")));

        Assert.Equal(atLimit, (await table.GetAsync("pk", "ok"))!.GetString("Text"));
        Assert.Equal("PropertyValueTooLarge", ex.ErrorCode);
    }

    [Fact]
    public async Task Insert_EntityOfElevenFullBinaryProperties_FitsInAzureAndAzurite()
    {
        var table = await NewTableAsync("wide");
        var entity = new TableEntity("pk", "rk");
        for (var i = 0; i < 11; i++)
        {
            entity.Set($"P{i}", Pattern(TableLimits.MaxBinaryPropertyBytes, seed: i));
        }

        await table.InsertAsync(entity);
        var read = await table.GetAsync("pk", "rk");

        Assert.Equal(Pattern(TableLimits.MaxBinaryPropertyBytes, seed: 10), read!.GetBinary("P10"));
    }

    [Fact]
    public async Task Insert_EntityOverOneMebibyte_ThrowsEntityTooLargeBeforeSending()
    {
        var table = await NewTableAsync("huge");
        var entity = new TableEntity("pk", "rk");
        for (var i = 0; i < 17; i++)
        {
            entity.Set($"P{i}", new byte[TableLimits.MaxBinaryPropertyBytes]);
        }

        var ex = await Assert.ThrowsAsync<StorageEntityTooLargeException>(() => table.InsertAsync(entity));

        Assert.Equal("EntityTooLarge", ex.ErrorCode);
        Assert.True(entity.EstimateSizeBytes() > TableLimits.MaxEntityBytes);
    }

    [Fact]
    public async Task Insert_TooManyProperties_ThrowsBeforeSending()
    {
        var table = await NewTableAsync("props");
        var entity = new TableEntity("pk", "rk");
        for (var i = 0; i <= TableLimits.MaxCustomProperties; i++)
        {
            entity.Set($"P{i}", i);
        }

        await Assert.ThrowsAsync<StorageEntityTooLargeException>(() => table.InsertAsync(entity));
    }

    [Fact]
    public async Task Insert_KeysAtTheLengthLimit_RoundTrip()
    {
        var table = await NewTableAsync("longkeys");
        var partitionKey = new string('p', TableLimits.MaxKeyChars);
        var rowKey = new string('r', TableLimits.MaxKeyChars);

        await table.InsertAsync(new TableEntity(partitionKey, rowKey).Set("V", 1));

        Assert.Equal(1, (await table.GetAsync(partitionKey, rowKey))!.GetInt32("V"));
        Assert.Throws<ArgumentException>(() => new TableEntity(partitionKey + "p", rowKey));
    }

    [Fact]
    public void EstimateSizeBytes_KnownEntity_FollowsTheServiceFormula()
    {
        var entity = new TableEntity("ab", "c")
            .Set("S", "xyz")
            .Set("I", 1)
            .Set("L", 1L)
            .Set("D", 1.0)
            .Set("T", DateTimeOffset.UnixEpoch)
            .Set("G", Guid.Empty)
            .Set("B", true)
            .Set("Y", new byte[10]);

        var expected = 4 + (2 * 3) + (8 * (8 + 2)) + ((2 * 3) + 4) + 4 + 8 + 8 + 8 + 16 + 1 + (10 + 4);
        Assert.Equal(expected, entity.EstimateSizeBytes());
    }

    private static byte[] Pattern(int length, int seed = 0)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<TableClient> NewTableAsync(string hint)
    {
        var table = azurite.Connection.GetTableClient(azurite.NewTableName(hint));
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
