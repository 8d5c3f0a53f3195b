using System.Text.Json;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Accounts;

public sealed class AccountServiceCreateTests : IDisposable
{
    private readonly TestPds _pds = new();

    [Fact]
    public async Task CreateAccount_Valid_StoresAccountWithProtectedKeyAndOpensSession()
    {
        var output = await _pds.Accounts.CreateAccountAsync(new CreateAccountInput
        {
            Handle = "Alice.PDS.test",
            Email = " Alice@Example.com ",
            Password = TestPds.Password,
            RecoveryKey = "did:key:zQ3shrecovery",
        });

        var did = Did.Parse(output.Did);
        var stored = (await _pds.Store.GetAccountAsync(did))!;
        var signer = await _pds.Accounts.GetSignerAsync(did);
        Assert.Equal(("alice.pds.test", "alice@example.com", AccountStatus.Active), (output.Handle, stored.Email, stored.Status));
        Assert.Equal((Handle.Parse("alice.pds.test"), signer.PublicKey, "did:key:zQ3shrecovery"), _pds.Registrar.Registered[did]);
        Assert.Equal("k256", stored.SigningKeyAlgorithm);
        Assert.True(PasswordHasher.Verify(TestPds.Password, stored.PasswordHash!));
        Assert.Equal([did], _pds.Events.Created.Select(a => a.Did));
        Assert.Equal(did, _pds.Access(output.AccessJwt).Did);
        Assert.Equal(did, _pds.Refresh(output.RefreshJwt).Did);
        Assert.NotNull(await _pds.Store.GetRefreshTokenAsync(did, _pds.Refresh(output.RefreshJwt).TokenId));
    }

    public static TheoryData<string, CreateAccountInput, string> InvalidInputs() => new()
    {
        { "bad handle syntax", Input(handle: "not_a_handle"), "InvalidHandle" },
        { "disallowed TLD", Input(handle: "alice.pds.local"), "InvalidHandle" },
        { "foreign domain", Input(handle: "alice.example.com"), "UnsupportedDomain" },
        { "nested name", Input(handle: "a.alice.pds.test"), "InvalidHandle" },
        { "short name", Input(handle: "al.pds.test"), "InvalidHandle" },
        { "long name", Input(handle: "abcdefghijklmnopqrs.pds.test"), "InvalidHandle" },
        { "reserved name", Input(handle: "admin.pds.test"), "HandleNotAvailable" },
        { "no email", Input(email: null), "InvalidRequest" },
        { "bad email", Input(email: "alice@localhost"), "InvalidRequest" },
        { "email with spaces", Input(email: "al ice@example.com"), "InvalidRequest" },
        { "no password", Input(password: null), "InvalidPassword" },
        { "short password", Input(password: "1234567"), "InvalidPassword" },
        { "long password", Input(password: new string('p', 257)), "InvalidPassword" },
        { "PLC operation", Input() with { PlcOp = JsonDocument.Parse("{}").RootElement }, "InvalidRequest" },
        { "malformed did", Input() with { Did = "not-a-did" }, "InvalidRequest" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task CreateAccount_InvalidInput_Throws400WithLexiconError(string why, CreateAccountInput input, string error)
    {
        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.CreateAccountAsync(input));

        Assert.True((400, error) == (e.Status, e.Error.Value), $"{why}: {e.Error} {e.Message}");
        Assert.Empty(_pds.Registrar.Registered);
    }

    [Fact]
    public async Task CreateAccount_TakenHandleOrEmail_Throws()
    {
        await _pds.CreateAccountAsync("alice");

        var handle = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.CreateAccountAsync(Input(handle: "alice.pds.test", email: "other@example.com")));
        var email = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.CreateAccountAsync(Input(handle: "other.pds.test", email: "ALICE@example.com")));

        Assert.Equal(AccountErrorNames.HandleNotAvailable, handle.Error);
        Assert.Equal(XrpcErrorName.InvalidRequest, email.Error);
    }

    [Fact]
    public async Task CreateAccount_ConcurrentSameHandle_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await Record.ExceptionAsync(() => _pds.Accounts.CreateAccountAsync(Input(handle: "contested.pds.test", email: $"user{i}@example.com")))));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, e => e is null);
        Assert.All(outcomes.Where(e => e is not null), e => Assert.Equal(AccountErrorNames.HandleNotAvailable, ((XrpcException)e!).Error));
        Assert.Single(_pds.Events.Created);
    }

    [Fact]
    public async Task CreateAccount_ImportedDidWithoutMatchingServiceAuth_Throws401()
    {
        var input = Input() with { Did = "did:plc:imported34567abcdefghijkl" };

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.CreateAccountAsync(input, Did.Parse("did:plc:someone234567abcdefghijk")));

        Assert.Equal((401, XrpcErrorName.AuthenticationRequired), (e.Status, e.Error));
    }

    [Theory]
    [InlineData("did:plc:imported34567abcdefghijkl")]
    [InlineData("did:web:alice.example.com")]
    public async Task CreateAccount_ImportedDidWithServiceAuth_StartsDeactivatedWithoutRegistering(string imported)
    {
        var did = Did.Parse(imported);

        var output = await _pds.Accounts.CreateAccountAsync(Input() with { Did = did.Value }, did);

        Assert.Equal(did.Value, output.Did);
        Assert.Equal(AccountStatus.Deactivated, (await _pds.Store.GetAccountAsync(did))!.Status);
        Assert.Empty(_pds.Registrar.Registered);
    }

    [Fact]
    public async Task CreateAccount_DidWebUnderUserDomain_IsHostedActiveWithoutAuthOrRegistration()
    {
        var did = Did.Parse("did:web:alice.pds.test");

        var output = await _pds.Accounts.CreateAccountAsync(Input() with { Did = did.Value });

        Assert.Equal((did.Value, "alice.pds.test"), (output.Did, output.Handle));
        Assert.Equal(AccountStatus.Active, (await _pds.Store.GetAccountAsync(did))!.Status);
        Assert.Empty(_pds.Registrar.Registered);
        Assert.Equal([did], _pds.Events.Created.Select(a => a.Did));
        Assert.Equal(did, _pds.Access(output.AccessJwt).Did);
    }

    [Theory]
    [InlineData("did:web:bob.pds.test", 400, "InvalidRequest")]
    [InlineData("did:web:alice.pds.test.example.com", 401, "AuthenticationRequired")]
    [InlineData("did:web:localhost%3A2583", 401, "AuthenticationRequired")]
    public async Task CreateAccount_DidWebNotTheHandleUnderUserDomain_IsRefused(string did, int status, string error)
    {
        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Accounts.CreateAccountAsync(Input() with { Did = did }));

        Assert.Equal((status, error), (e.Status, e.Error.Value));
        Assert.Null(await _pds.Store.GetAccountAsync(Did.Parse(did)));
        Assert.Null(await _pds.Store.GetAccountByHandleAsync(Handle.Parse("alice.pds.test")));
    }

    [Fact]
    public async Task CreateAccount_RepoCreationFails_LeavesNothingBehind()
    {
        _pds.Events.FailCreation = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _pds.CreateAccountAsync("alice"));

        Assert.Null(await _pds.Store.GetAccountByHandleAsync(Handle.Parse("alice.pds.test")));
        _pds.Events.FailCreation = false;
        await _pds.CreateAccountAsync("alice");
    }

    public static TheoryData<string, string?, string> InviteCases() => new()
    {
        { "missing", null, "InvalidInviteCode" },
        { "unknown", "pds-test-nope0-nope0", "InvalidInviteCode" },
        { "disabled", "disabled", "InvalidInviteCode" },
        { "exhausted", "exhausted", "InvalidInviteCode" },
    };

    [Theory]
    [MemberData(nameof(InviteCases))]
    public async Task CreateAccount_InviteRequiredAndNotUsable_ThrowsInvalidInviteCode(string why, string? code, string error)
    {
        using var pds = new TestPds(inviteRequired: true);
        var usable = (await pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 1 })).Code;
        await pds.CreateAccountAsync("first", usable);
        var disabled = (await pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 5 })).Code;
        var record = (await pds.Store.GetInviteCodeAsync(disabled))!;
        await pds.Store.TryReplaceInviteCodeAsync(record with { Disabled = true });
        var actual = code switch { "disabled" => disabled, "exhausted" => usable, _ => code };

        var e = await Assert.ThrowsAsync<XrpcException>(() => pds.CreateAccountAsync("second", actual));

        Assert.True(error == e.Error.Value, why);
        Assert.Null(await pds.Store.GetAccountByHandleAsync(Handle.Parse("second.pds.test")));
    }

    [Fact]
    public async Task CreateAccount_ConcurrentSignupsOnOneInvite_NeverExceedItsUses()
    {
        using var pds = new TestPds(inviteRequired: true);
        var code = (await pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 3 })).Code;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            await Record.ExceptionAsync(() => pds.CreateAccountAsync($"user{i:D2}", code)))));

        Assert.Equal(3, outcomes.Count(e => e is null));
        Assert.All(outcomes.Where(e => e is not null), e => Assert.Equal(AccountErrorNames.InvalidInviteCode, ((XrpcException)e!).Error));
        Assert.Equal(3, (await pds.Store.GetInviteCodeAsync(code))!.UsedCount);
        Assert.Equal(3, (await pds.Store.ListInviteCodeUsesAsync(code)).Count);
    }

    [Fact]
    public async Task CreateAccount_FailsAfterConsumingInvite_GivesTheUseBack()
    {
        using var pds = new TestPds(inviteRequired: true);
        var code = (await pds.Invites.CreateInviteCodeAsync(new CreateInviteCodeInput { UseCount = 1 })).Code;
        pds.Events.FailCreation = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => pds.CreateAccountAsync("alice", code));

        Assert.Equal(0, (await pds.Store.GetInviteCodeAsync(code))!.UsedCount);
        Assert.Empty(await pds.Store.ListInviteCodeUsesAsync(code));
        pds.Events.FailCreation = false;
        await pds.CreateAccountAsync("alice", code);
    }

    public void Dispose() => _pds.Dispose();

    private static CreateAccountInput Input(string handle = "alice.pds.test", string? email = "alice@example.com", string? password = TestPds.Password) =>
        new() { Handle = handle, Email = email, Password = password };
}
