using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Accounts;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Accounts;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Accounts;

/// <summary>The <see cref="IAccountStore"/> contract over Azurite, plus Table-specific races and orphaned claims.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableAccountStoreTests(AzuriteFixture azurite) : AccountStoreContractTests
{
    private TableAccountStoreNames _names = null!;

    [Fact]
    public async Task CreateAccount_TenStoresRaceForOneHandle_ExactlyOneWinsAndNoOtherClaimRemains()
    {
        var stores = Enumerable.Range(0, 10).Select(_ => new TableAccountStore(azurite.Connection, _names)).ToArray();

        var results = await Task.WhenAll(stores.Select((store, i) => Task.Run(() =>
            store.CreateAccountAsync(Account($"did:plc:race{i:D2}234567abcdefghijk", "race.pds.test", $"race{i}@example.com")))));

        Assert.Single(results, r => r == AccountClaimResult.Success);
        Assert.Equal(9, results.Count(r => r == AccountClaimResult.HandleTaken));
        var winner = (await stores[0].GetAccountByHandleAsync(Handle.Parse("race.pds.test")))!;
        var index = Array.IndexOf(results, AccountClaimResult.Success);
        Assert.Equal($"did:plc:race{index:D2}234567abcdefghijk", winner.Did.Value);
        var loser = (index + 1) % 10;
        Assert.Null(await stores[0].GetAccountByEmailAsync($"race{loser}@example.com"));
        Assert.Equal(AccountClaimResult.Success, await stores[0].CreateAccountAsync(
            Account("did:plc:other234567abcdefghijkl", "other.pds.test", $"race{loser}@example.com")));
    }

    [Fact]
    public async Task CreateAccount_OrphanedHandleClaim_IsFreeOnlyAfterGracePeriod()
    {
        var clock = new ManualTimeProvider();
        var store = new TableAccountStore(azurite.Connection, _names, clock);
        var claims = azurite.Connection.GetTableClient(_names.ClaimsTable);
        await claims.InsertAsync(new TableEntity("handle", "orphan.pds.test")
            .Set("Did", "did:plc:dead234567abcdefghijklm").Set("ClaimedAt", clock.GetUtcNow()));
        var account = Account("did:plc:alive234567abcdefghijkl", "orphan.pds.test", null);

        Assert.Equal(AccountClaimResult.HandleTaken, await store.CreateAccountAsync(account));
        clock.Advance(TableAccountStore.OrphanClaimGracePeriod);
        Assert.Equal(AccountClaimResult.Success, await store.CreateAccountAsync(account));

        Assert.Equal(account.Did, (await store.GetAccountByHandleAsync(account.Handle))?.Did);
    }

    [Fact]
    public async Task CreateAccount_HeldClaimOfLiveAccount_StaysTakenAfterGracePeriod()
    {
        var clock = new ManualTimeProvider();
        var store = new TableAccountStore(azurite.Connection, _names, clock);
        await store.CreateAccountAsync(Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", "alice@example.com"));
        clock.Advance(TableAccountStore.OrphanClaimGracePeriod * 2);

        Assert.Equal(AccountClaimResult.HandleTaken, await store.CreateAccountAsync(Account("did:plc:bob234567abcdefghijklmno", "alice.pds.test", null)));
        Assert.Equal(AccountClaimResult.EmailTaken, await store.CreateAccountAsync(Account("did:plc:bob234567abcdefghijklmno", "bob.pds.test", "alice@example.com")));
    }

    public static TheoryData<string> KeysNeedingEscapes() => ["a/b", "back\\slash", "hash#tag", "what?", "100%", "tab\there", "%2F"];

    [Theory]
    [MemberData(nameof(KeysNeedingEscapes))]
    public async Task Credentials_NamesWithForbiddenKeyCharacters_RoundTripSeparately(string name)
    {
        var store = new TableAccountStore(azurite.Connection, _names);
        var did = Did.Parse("did:plc:alice234567abcdefghijklm");
        var appPassword = new AppPasswordRecord { Did = did, Name = name, PasswordHash = "h", CreatedAt = DateTimeOffset.UnixEpoch };

        Assert.True(await store.TryAddAppPasswordAsync(appPassword));
        Assert.True(await store.TryAddAppPasswordAsync(appPassword with { Name = name + "x" }));
        Assert.True(await store.TryAddInviteCodeAsync(new InviteCodeRecord { Code = name, AvailableUses = 1, ForAccount = "a", CreatedBy = "a", CreatedAt = DateTimeOffset.UnixEpoch }));
        await store.SetEmailTokenAsync(new EmailTokenRecord(did, name, "T", DateTimeOffset.UnixEpoch));

        Assert.Equal([name, name + "x"], (await store.ListAppPasswordsAsync(did)).Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(name, (await store.GetInviteCodeAsync(name))?.Code);
        Assert.Equal("T", (await store.GetEmailTokenAsync(did, name))?.Token);
        Assert.True(await store.DeleteAppPasswordAsync(did, name));
        Assert.Equal([name + "x"], (await store.ListAppPasswordsAsync(did)).Select(p => p.Name));
    }

    [Fact]
    public async Task Writes_ResponsesLostAndRetried_ReportTheirOwnAppliedWrites()
    {
        var transport = new LosingTransport(_ => true);
        var options = new StorageClientOptions { Transport = transport };
        options.Delay = TimeSpan.FromMilliseconds(1);
        var store = new TableAccountStore(new StorageConnection(azurite.ConnectionString, options), _names);
        var alice = Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", "alice@example.com");
        var token = new RefreshTokenRecord { Id = "t1", Did = alice.Did, ExpiresAt = DateTimeOffset.UnixEpoch };
        var code = new InviteCodeRecord { Code = "c", AvailableUses = 2, ForAccount = "admin", CreatedBy = "admin", CreatedAt = DateTimeOffset.UnixEpoch };

        Assert.Equal(AccountClaimResult.Success, await store.CreateAccountAsync(alice));
        var read = (await store.GetAccountAsync(alice.Did))!;
        Assert.True(await store.TryReplaceAccountAsync(read with { TakedownRef = "x" }));
        Assert.Equal(AccountClaimResult.Success, await store.UpdateHandleAsync(alice.Did, Handle.Parse("alice2.pds.test")));
        Assert.True(await store.TryAddRefreshTokenAsync(token));
        Assert.True(await store.TryReplaceRefreshTokenAsync((await store.GetRefreshTokenAsync(alice.Did, "t1"))! with { NextId = "t2" }));
        Assert.True(await store.TryAddInviteCodeAsync(code));
        Assert.True(await store.TryReplaceInviteCodeAsync((await store.GetInviteCodeAsync("c"))! with { UsedCount = 1 }));

        Assert.True(transport.LostCount >= 9, $"lost {transport.LostCount}");
        var current = (await Store.GetAccountByHandleAsync(Handle.Parse("alice2.pds.test")))!;
        Assert.Equal(("x", "alice@example.com"), (current.TakedownRef, current.Email));
        Assert.Null(await Store.GetAccountByHandleAsync(alice.Handle));
        Assert.Equal("t2", (await Store.GetRefreshTokenAsync(alice.Did, "t1"))?.NextId);
        Assert.Equal(1, (await Store.GetInviteCodeAsync("c"))?.UsedCount);
        Assert.False(await store.TryAddInviteCodeAsync(code));
        Assert.Equal(AccountClaimResult.HandleTaken, await store.CreateAccountAsync(Account("did:plc:bob234567abcdefghijklmno", "alice2.pds.test", null)));
        await store.DeleteAccountAsync(alice.Did);
        Assert.Null(await Store.GetAccountAsync(alice.Did));
        Assert.Empty(await Store.ListRefreshTokensAsync(alice.Did));
        Assert.Equal(AccountClaimResult.Success, await Store.CreateAccountAsync(Account("did:plc:carol234567abcdefghijklm", "alice2.pds.test", "alice@example.com")));
    }

    [Fact]
    public async Task AccountService_CreateThenLogin_WorksOverTableStore()
    {
        var store = new TableAccountStore(azurite.Connection, _names);
        using var pds = new TestPds(store: store);

        var created = await pds.CreateAccountAsync("alice");
        var byHandle = await pds.LoginAsync("ALICE.pds.test");
        var byEmail = await pds.LoginAsync("Alice@Example.com");

        var did = Did.Parse(created.Did);
        Assert.Equal((did, did), (Did.Parse(byHandle.Did), Did.Parse(byEmail.Did)));
        Assert.Equal(did, pds.Access(byEmail.AccessJwt).Did);
        Assert.Equal(3, (await store.ListRefreshTokensAsync(did)).Count);
        Assert.Equal("alice@example.com", (await store.GetAccountAsync(did))?.Email);
        await Assert.ThrowsAnyAsync<Exception>(() => pds.LoginAsync("alice.pds.test", "wrong password"));
    }

    protected override async Task<IAccountStore> CreateStoreAsync()
    {
        _names = new TableAccountStoreNames
        {
            AccountsTable = azurite.NewTableName("accounts"),
            ClaimsTable = azurite.NewTableName("claims"),
            InvitesTable = azurite.NewTableName("invites"),
        };
        await TableAccountStore.CreateTablesAsync(azurite.Connection, _names);
        return new TableAccountStore(azurite.Connection, _names);
    }
}
