using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Accounts;

/// <summary>
/// The behaviour every <see cref="IAccountStore"/> must show, run against each implementation by a subclass that says
/// how to create an empty store (MemoryAccountStoreTests here, TableAccountStoreTests over Azurite).
/// </summary>
public abstract class AccountStoreContractTests : IAsyncLifetime
{
    private IAccountStore _store = null!;

    /// <summary>Gets the store the contract tests run against.</summary>
    protected IAccountStore Store => _store;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates a new, empty store for one test.</summary>
    protected abstract Task<IAccountStore> CreateStoreAsync();

    [Fact]
    public async Task CreateAccount_Lookups_FindByDidHandleAndEmailCaseInsensitively()
    {
        var account = Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", "Alice@Example.com");

        Assert.Equal(AccountClaimResult.Success, await _store.CreateAccountAsync(account));

        var byDid = await _store.GetAccountAsync(account.Did);
        Assert.NotNull(byDid?.ETag);
        Assert.Equal("alice@example.com", byDid!.Email);
        Assert.Equal(account.Did, (await _store.GetAccountByHandleAsync(Handle.Parse("ALICE.pds.test")))?.Did);
        Assert.Equal(account.Did, (await _store.GetAccountByEmailAsync("ALICE@example.COM"))?.Did);
        Assert.Null(await _store.GetAccountByHandleAsync(Handle.Parse("bob.pds.test")));
    }

    public static TheoryData<string, string, string?, AccountClaimResult> Conflicts() => new()
    {
        { "did:plc:bob234567abcdefghijklmno", "alice.pds.test", "bob@example.com", AccountClaimResult.HandleTaken },
        { "did:plc:bob234567abcdefghijklmno", "bob.pds.test", "ALICE@example.com", AccountClaimResult.EmailTaken },
        { "did:plc:alice234567abcdefghijklm", "bob.pds.test", "bob@example.com", AccountClaimResult.DidTaken },
        { "did:plc:bob234567abcdefghijklmno", "bob.pds.test", null, AccountClaimResult.Success },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public async Task CreateAccount_TakenKey_FailsAndLeavesNoPartialClaims(string did, string handle, string? email, AccountClaimResult expected)
    {
        await _store.CreateAccountAsync(Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", "alice@example.com"));

        var result = await _store.CreateAccountAsync(Account(did, handle, email));

        Assert.Equal(expected, result);
        if (expected != AccountClaimResult.Success)
        {
            // Whatever the failed attempt claimed first was given back: a fresh account can take it.
            Assert.Equal(AccountClaimResult.Success, await _store.CreateAccountAsync(Account("did:plc:carol234567abcdefghijklm", handle == "alice.pds.test" ? "carol.pds.test" : handle, email is null || email.StartsWith("ALICE", StringComparison.Ordinal) ? "carol@example.com" : email)));
        }
    }

    [Fact]
    public async Task CreateAccount_ConcurrentSameHandle_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 32).Select(i =>
            Task.Run(() => _store.CreateAccountAsync(Account($"did:plc:user{i:D2}234567abcdefghijk", "contested.pds.test", $"user{i}@example.com"))));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r == AccountClaimResult.Success);
        Assert.Equal(31, results.Count(r => r == AccountClaimResult.HandleTaken));
        Assert.NotNull(await _store.GetAccountByHandleAsync(Handle.Parse("contested.pds.test")));
    }

    [Fact]
    public async Task TryReplaceAccount_StaleETag_Fails()
    {
        var account = Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", null);
        await _store.CreateAccountAsync(account);
        var read = (await _store.GetAccountAsync(account.Did))!;

        Assert.True(await _store.TryReplaceAccountAsync(read with { TakedownRef = "x" }));
        Assert.False(await _store.TryReplaceAccountAsync(read with { DeactivatedAt = DateTimeOffset.UnixEpoch }));
        var current = (await _store.GetAccountAsync(account.Did))!;
        Assert.Equal(("x", null), (current.TakedownRef, current.DeactivatedAt));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TryReplaceAccountAsync(current with { Handle = Handle.Parse("eve.pds.test") }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.TryReplaceAccountAsync(current with { ETag = null }));
    }

    [Fact]
    public async Task UpdateHandle_MovesClaimAndRefusesTakenHandles()
    {
        var alice = Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", null);
        var bob = Account("did:plc:bob234567abcdefghijklmno", "bob.pds.test", null);
        await _store.CreateAccountAsync(alice);
        await _store.CreateAccountAsync(bob);

        Assert.Equal(AccountClaimResult.HandleTaken, await _store.UpdateHandleAsync(alice.Did, bob.Handle));
        Assert.Equal(AccountClaimResult.Success, await _store.UpdateHandleAsync(alice.Did, Handle.Parse("alice2.pds.test")));
        Assert.Equal(AccountClaimResult.NotFound, await _store.UpdateHandleAsync(Did.Parse("did:plc:nobody34567abcdefghijklm"), Handle.Parse("x.pds.test")));

        Assert.Equal(alice.Did, (await _store.GetAccountByHandleAsync(Handle.Parse("alice2.pds.test")))?.Did);
        Assert.Null(await _store.GetAccountByHandleAsync(alice.Handle));
        Assert.Equal(AccountClaimResult.Success, await _store.UpdateHandleAsync(bob.Did, alice.Handle));
    }

    [Fact]
    public async Task DeleteAccount_RemovesCredentialsAndFreesHandleAndEmail()
    {
        var alice = Account("did:plc:alice234567abcdefghijklm", "alice.pds.test", "alice@example.com");
        await _store.CreateAccountAsync(alice);
        await _store.TryAddAppPasswordAsync(new AppPasswordRecord { Did = alice.Did, Name = "p", PasswordHash = "h", CreatedAt = DateTimeOffset.UnixEpoch });
        await _store.TryAddRefreshTokenAsync(new RefreshTokenRecord { Id = "t", Did = alice.Did, ExpiresAt = DateTimeOffset.MaxValue });
        await _store.SetEmailTokenAsync(new EmailTokenRecord(alice.Did, "delete_account", "T", DateTimeOffset.UnixEpoch));

        Assert.True(await _store.DeleteAccountAsync(alice.Did));
        Assert.False(await _store.DeleteAccountAsync(alice.Did));

        Assert.Null(await _store.GetAccountAsync(alice.Did));
        Assert.Empty(await _store.ListAppPasswordsAsync(alice.Did));
        Assert.Empty(await _store.ListRefreshTokensAsync(alice.Did));
        Assert.Null(await _store.GetEmailTokenAsync(alice.Did, "delete_account"));
        Assert.Equal(AccountClaimResult.Success, await _store.CreateAccountAsync(Account("did:plc:new234567abcdefghijklmno", "alice.pds.test", "alice@example.com")));
    }

    [Fact]
    public async Task RefreshTokens_InsertIfAbsentAndConditionalReplace()
    {
        var did = Did.Parse("did:plc:alice234567abcdefghijklm");
        var token = new RefreshTokenRecord { Id = "t1", Did = did, ExpiresAt = DateTimeOffset.MaxValue };

        Assert.True(await _store.TryAddRefreshTokenAsync(token));
        Assert.False(await _store.TryAddRefreshTokenAsync(token));
        var read = (await _store.GetRefreshTokenAsync(did, "t1"))!;
        Assert.True(await _store.TryReplaceRefreshTokenAsync(read with { NextId = "t2" }));
        Assert.False(await _store.TryReplaceRefreshTokenAsync(read with { NextId = "t3" }));
        Assert.Equal("t2", (await _store.GetRefreshTokenAsync(did, "t1"))!.NextId);
        Assert.True(await _store.DeleteRefreshTokenAsync(did, "t1"));
        Assert.False(await _store.TryReplaceRefreshTokenAsync(read));
    }

    [Fact]
    public async Task InviteCodes_ConditionalCounterAndUses()
    {
        var code = new InviteCodeRecord { Code = "c", AvailableUses = 2, ForAccount = "admin", CreatedBy = "admin", CreatedAt = DateTimeOffset.UnixEpoch };
        var did = Did.Parse("did:plc:alice234567abcdefghijklm");

        Assert.True(await _store.TryAddInviteCodeAsync(code));
        Assert.False(await _store.TryAddInviteCodeAsync(code));
        var read = (await _store.GetInviteCodeAsync("c"))!;
        Assert.True(await _store.TryReplaceInviteCodeAsync(read with { UsedCount = 1 }));
        Assert.False(await _store.TryReplaceInviteCodeAsync(read with { UsedCount = 1 }));
        await _store.AddInviteCodeUseAsync(new InviteCodeUse("c", did, DateTimeOffset.UnixEpoch));
        Assert.Equal([did], (await _store.ListInviteCodeUsesAsync("c")).Select(u => u.UsedBy));
        await _store.RemoveInviteCodeUseAsync("c", did);
        Assert.Empty(await _store.ListInviteCodeUsesAsync("c"));
    }

    [Fact]
    public async Task ListAccounts_Pages_AllAccountsInDidOrderWithStatus()
    {
        string[] names = ["erin", "bob", "dave", "alice", "carol"];
        foreach (var name in names)
        {
            await _store.CreateAccountAsync(Account($"did:plc:{name}234567abcdefghijk", $"{name}.pds.test", null));
        }

        var carol = (await _store.GetAccountAsync(Did.Parse("did:plc:carol234567abcdefghijk")))!;
        Assert.True(await _store.TryReplaceAccountAsync(carol with { TakedownRef = "mod-1" }));
        Assert.Empty((await _store.ListAccountsAsync(Did.Parse("did:plc:zzz"), 10)).Accounts);

        var seen = new List<AccountRecord>();
        Did? cursor = null;
        var pages = 0;
        do
        {
            var page = await _store.ListAccountsAsync(cursor, 2);
            Assert.InRange(page.Accounts.Count, 1, 2);
            seen.AddRange(page.Accounts);
            cursor = page.Cursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(names.Order(StringComparer.Ordinal).Select(n => $"did:plc:{n}234567abcdefghijk"), seen.Select(a => a.Did.Value));
        Assert.Equal(AccountStatus.Takendown, seen.Single(a => a.Handle.Value == "carol.pds.test").Status);
        Assert.All(seen, a => Assert.NotNull(a.ETag));
        var afterBob = await _store.ListAccountsAsync(Did.Parse("did:plc:bob234567abcdefghijk"), 10);
        Assert.Equal(["carol", "dave", "erin"], afterBob.Accounts.Select(a => a.Handle.Value.Split('.')[0]));
        Assert.Null(afterBob.Cursor);
    }

    protected static AccountRecord Account(string did, string handle, string? email) => new()
    {
        Did = Did.Parse(did),
        Handle = Handle.Parse(handle),
        Email = email,
        PasswordHash = "x",
        CreatedAt = DateTimeOffset.UnixEpoch,
        SigningKeyAlgorithm = "k256",
        ProtectedSigningKey = [1, 2, 3],
    };
}
