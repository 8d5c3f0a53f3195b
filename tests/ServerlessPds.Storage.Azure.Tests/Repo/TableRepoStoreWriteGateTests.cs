using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The write gate on a head row stored before heads recorded the account's status: the writer reads the account.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRepoStoreWriteGateTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(AccountStatus.Active, null)]
    [InlineData(AccountStatus.Deactivated, "AccountDeactivated")]
    [InlineData(AccountStatus.Takendown, "AccountTakedown")]
    public async Task ApplyWritesAsync_HeadWithoutStatus_TheAccountDecides(AccountStatus status, string? error)
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var accounts = new MemoryAccountStore();
        await accounts.CreateAccountAsync(new AccountRecord
        {
            Did = h.Did,
            Handle = Handle.Parse("legacy.test"),
            PasswordHash = "x",
            CreatedAt = DateTimeOffset.UnixEpoch,
            SigningKeyAlgorithm = "k256",
            ProtectedSigningKey = [1, 2, 3],
            DeactivatedAt = status == AccountStatus.Deactivated ? DateTimeOffset.UnixEpoch : null,
            TakedownRef = status == AccountStatus.Takendown ? "takedown-1" : null,
        });
        var writer = h.NewWriter(accounts: accounts);
        await writer.CreateRepoAsync(h.Did, h.Key);
        var table = azurite.Connection.GetTableClient(names.ReposTable);
        var row = (await table.GetAsync(TableKeys.Partition(h.Did), TableKeys.Head))!;
        var legacy = new TableEntity(row.PartitionKey, row.RowKey)
            .Set("Commit", row.GetString("Commit")!).Set("Rev", row.GetString("Rev")!).Set("Data", row.GetString("Data")!);
        await table.UpdateAsync(legacy, row.ETag);
        writer.Invalidate(h.Did);
        var before = (await h.Repos.GetHeadAsync(h.Did))!;
        Assert.Null(before.WriteStatus);

        var write = () => writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3aaaaaaaaaaa2", "legacy")]);

        if (error is null)
        {
            Assert.Equal((await write()).CommitCid, (await h.Repos.GetHeadAsync(h.Did))!.CommitCid);
        }
        else
        {
            Assert.Equal((401, error), await Assert.ThrowsAsync<XrpcException>(write) is var e ? (e.Status, e.Error.Value) : default);
            Assert.Equal(before, await h.Repos.GetHeadAsync(h.Did));
        }
    }
}
