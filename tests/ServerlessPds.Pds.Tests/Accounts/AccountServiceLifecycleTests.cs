using System.Security.Cryptography;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Accounts;

public sealed class AccountServiceLifecycleTests : IDisposable
{
    private readonly TestPds _pds = new();

    [Fact]
    public async Task StatusTransitions_FollowTheAccountSpecAndAnnounceEveryCall()
    {
        var did = await CreateAsync();
        _pds.DidDocuments.Published[did] = (Handle.Parse("alice.pds.test"), (await _pds.Accounts.GetSignerAsync(did)).PublicKey);

        Assert.Equal(AccountStatus.Deactivated, await _pds.Accounts.DeactivateAccountAsync(did, DateTimeOffset.UnixEpoch));
        Assert.Equal(AccountStatus.Deactivated, await _pds.Accounts.DeactivateAccountAsync(did));
        Assert.Equal(AccountStatus.Active, await _pds.Accounts.ActivateAccountAsync(did));
        Assert.Equal(AccountStatus.Active, await _pds.Accounts.ActivateAccountAsync(did));
        Assert.Equal(AccountStatus.Takendown, await _pds.Accounts.UpdateTakedownAsync(did, "mod-1"));
        Assert.Equal(AccountStatus.Takendown, await _pds.Accounts.DeactivateAccountAsync(did));
        var activate = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.ActivateAccountAsync(did));
        Assert.Equal(AccountStatus.Deactivated, await _pds.Accounts.UpdateTakedownAsync(did, null));

        Assert.Equal(XrpcErrorName.AccountTakedown, activate.Error);
        Assert.Equal(
            [AccountStatus.Deactivated, AccountStatus.Deactivated, AccountStatus.Active, AccountStatus.Active,
                AccountStatus.Takendown, AccountStatus.Takendown, AccountStatus.Deactivated],
            _pds.Events.StatusChanges.Select(c => c.Status));
        Assert.Null((await _pds.Store.GetAccountAsync(did))!.DeleteAfter);
    }

    [Fact]
    public async Task ActivateAccount_DidDocumentElsewhere_RefusesAndAnnouncesNothing()
    {
        var did = await CreateAsync();
        await _pds.Accounts.DeactivateAccountAsync(did);
        _pds.DidDocuments.Published[did] = (Handle.Parse("alice.pds.test"), SigningKey.Generate(KeyAlgorithm.P256).PublicKey);

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.ActivateAccountAsync(did));

        Assert.Equal((400, XrpcErrorName.InvalidRequest), (e.Status, e.Error));
        Assert.Equal(AccountStatus.Deactivated, (await _pds.Store.GetAccountAsync(did))!.Status);
        Assert.Equal([AccountStatus.Deactivated], _pds.Events.StatusChanges.Select(c => c.Status));
    }

    [Fact]
    public async Task StatusChanges_UnknownAccount_ThrowAccountNotFound()
    {
        var nobody = Did.Parse("did:plc:nobody34567abcdefghijklm");

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.DeactivateAccountAsync(nobody));

        Assert.Equal((400, AccountErrorNames.AccountNotFound), (e.Status, e.Error));
        await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.ActivateAccountAsync(nobody));
        await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.UpdateTakedownAsync(nobody, "x"));
    }

    [Fact]
    public async Task CheckAccountStatus_ReportsRepoAndDidValidity()
    {
        var did = await CreateAsync();
        var commit = Cid.Parse("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
        _pds.RepoStatus.Repos[did] = new RepoStatus(commit, "3jzfcijpj2z2a", 4, 1, 0, 2, 1);
        var before = await _pds.Accounts.CheckAccountStatusAsync(did);
        _pds.DidDocuments.Published[did] = (Handle.Parse("alice.pds.test"), (await _pds.Accounts.GetSignerAsync(did)).PublicKey);
        await _pds.Accounts.DeactivateAccountAsync(did);

        var after = await _pds.Accounts.CheckAccountStatusAsync(did);

        Assert.Equal((true, false, commit.ToString(), "3jzfcijpj2z2a", 4L, 1L, 0L, 2L, 1L),
            (before.Activated, before.ValidDid, before.RepoCommit, before.RepoRev, before.RepoBlocks, before.IndexedRecords, before.PrivateStateValues, before.ExpectedBlobs, before.ImportedBlobs));
        Assert.Equal((false, true), (after.Activated, after.ValidDid));
    }

    [Fact]
    public async Task CheckAccountStatus_NoRepo_ThrowsRepoNotFound()
    {
        var did = await CreateAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.CheckAccountStatusAsync(did));

        Assert.Equal(XrpcErrorName.RepoNotFound, e.Error);
    }

    [Fact]
    public async Task DeleteAccount_WithPasswordAndMailedToken_RemovesEverything()
    {
        var did = await CreateAsync();
        await _pds.Accounts.RequestAccountDeleteAsync(did);
        var mail = Assert.Single(_pds.Mailer.Sent);
        Assert.Matches("^[A-Z2-7]{5}-[A-Z2-7]{5}$", mail.Token);

        await _pds.Accounts.DeleteAccountAsync(new DeleteAccountInput { Did = did.Value, Password = TestPds.Password, Token = mail.Token.ToLowerInvariant() });

        Assert.Null(await _pds.Store.GetAccountAsync(did));
        Assert.Equal((did, AccountStatus.Deleted), _pds.Events.StatusChanges.Last());
        await Assert.ThrowsAsync<XrpcException>(() => _pds.LoginAsync("alice.pds.test"));
        await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.GetSignerAsync(did).AsTask());
        await _pds.CreateAccountAsync("alice");
    }

    public static TheoryData<string, string, string?, TimeSpan, int, string> DeleteFailures() => new()
    {
        { "wrong password", "wrong password", null, TimeSpan.Zero, 401, "AuthenticationRequired" },
        { "wrong token", TestPds.Password, "AAAAA-AAAAA", TimeSpan.Zero, 400, "InvalidToken" },
        { "empty token", TestPds.Password, "", TimeSpan.Zero, 400, "InvalidToken" },
        { "expired token", TestPds.Password, null, TimeSpan.FromMinutes(16), 400, "ExpiredToken" },
        { "token still valid at 15 minutes", TestPds.Password, null, TimeSpan.FromMinutes(15), 0, "" },
    };

    [Theory]
    [MemberData(nameof(DeleteFailures))]
    public async Task DeleteAccount_BadCredentials_ThrowAndKeepAccount(string why, string password, string? token, TimeSpan wait, int status, string error)
    {
        var did = await CreateAsync();
        await _pds.Accounts.RequestAccountDeleteAsync(did);
        _pds.Clock.Advance(wait);
        var input = new DeleteAccountInput { Did = did.Value, Password = password, Token = token ?? _pds.Mailer.Sent.Single().Token };

        var e = await Record.ExceptionAsync(() => _pds.Accounts.DeleteAccountAsync(input));

        Assert.True((status, error) == (e is XrpcException x ? (x.Status, x.Error.Value) : (0, "")), why);
        Assert.Equal(status != 0, await _pds.Store.GetAccountAsync(did) is not null);
    }

    [Fact]
    public async Task DeleteAccount_WithoutRequestedToken_ThrowsInvalidToken()
    {
        var did = await CreateAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.DeleteAccountAsync(
            new DeleteAccountInput { Did = did.Value, Password = TestPds.Password, Token = "ABCDE-FGHIJ" }));

        Assert.Equal(XrpcErrorName.InvalidToken, e.Error);
    }

    [Fact]
    public async Task DeleteAccount_UnknownAccount_ThrowsInvalidRequest()
    {
        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.DeleteAccountAsync(
            new DeleteAccountInput { Did = "did:plc:nobody34567abcdefghijklm", Password = "x", Token = "y" }));

        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
    }

    [Fact]
    public async Task RequestAccountDelete_NewRequest_ReplacesOldToken()
    {
        var did = await CreateAsync();
        await _pds.Accounts.RequestAccountDeleteAsync(did);
        await _pds.Accounts.RequestAccountDeleteAsync(did);
        var (first, second) = (_pds.Mailer.Sent.First().Token, _pds.Mailer.Sent.Last().Token);

        var e = await Record.ExceptionAsync(() => _pds.Accounts.DeleteAccountAsync(new DeleteAccountInput { Did = did.Value, Password = TestPds.Password, Token = first }));

        Assert.Equal(first == second ? null : XrpcErrorName.InvalidToken, (e as XrpcException)?.Error);
        await _pds.Accounts.DeleteAccountAsync(new DeleteAccountInput { Did = did.Value, Password = TestPds.Password, Token = second });
    }

    [Fact]
    public async Task GetSigner_CachedForItsLifetime_ThenReloaded()
    {
        var did = await CreateAsync();

        var first = await _pds.Accounts.GetSignerAsync(did);
        _pds.Clock.Advance(TimeSpan.FromMinutes(4));
        var cached = await _pds.Accounts.GetSignerAsync(did);
        _pds.Clock.Advance(TimeSpan.FromMinutes(2));
        var reloaded = await _pds.Accounts.GetSignerAsync(did);

        Assert.Same(first, cached);
        Assert.NotSame(first, reloaded);
        Assert.Equal(first.PublicKey, reloaded.PublicKey);
        var signature = await reloaded.SignAsync("commit"u8.ToArray());
        Assert.True(first.PublicKey.Verify("commit"u8, signature));
    }

    [Fact]
    public async Task GetSigner_TamperedStoredKey_ThrowsCryptographicException()
    {
        var did = await CreateAsync();
        var account = (await _pds.Store.GetAccountAsync(did))!;
        var tampered = (byte[])account.ProtectedSigningKey.Clone();
        tampered[^1] ^= 1;
        await _pds.Store.TryReplaceAccountAsync(account with { ProtectedSigningKey = tampered });

        await Assert.ThrowsAnyAsync<CryptographicException>(() => _pds.Accounts.GetSignerAsync(did).AsTask());
    }

    [Fact]
    public async Task GetSigner_KeyOfOtherAccountSwappedIn_IsRejectedByPurposeBinding()
    {
        var alice = await CreateAsync();
        var bobDid = Did.Parse((await _pds.CreateAccountAsync("bob")).Did);
        var aliceRecord = (await _pds.Store.GetAccountAsync(alice))!;
        var bobRecord = (await _pds.Store.GetAccountAsync(bobDid))!;
        await _pds.Store.TryReplaceAccountAsync(bobRecord with { ProtectedSigningKey = aliceRecord.ProtectedSigningKey });

        await Assert.ThrowsAnyAsync<CryptographicException>(() => _pds.Accounts.GetSignerAsync(bobDid).AsTask());
    }

    public void Dispose() => _pds.Dispose();

    private async Task<Did> CreateAsync() => Did.Parse((await _pds.CreateAccountAsync("alice")).Did);
}
