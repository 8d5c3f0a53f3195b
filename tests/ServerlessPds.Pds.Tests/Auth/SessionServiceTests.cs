using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Auth;

public sealed class SessionServiceTests : IDisposable
{
    private readonly TestPds _pds = new();

    public static TheoryData<string> Identifiers() => new() { "alice.pds.test", "ALICE.pds.test", "alice@example.com", "Alice@Example.COM", "did" };

    [Theory]
    [MemberData(nameof(Identifiers))]
    public async Task CreateSession_HandleEmailOrDid_LogsIn(string identifier)
    {
        var created = await _pds.CreateAccountAsync("alice");

        var session = await _pds.LoginAsync(identifier == "did" ? created.Did : identifier);

        Assert.Equal((created.Did, "alice.pds.test", "alice@example.com", true, null), (session.Did, session.Handle, session.Email, session.Active, session.Status));
        Assert.False(session.EmailConfirmed);
        var principal = _pds.Access(session.AccessJwt);
        Assert.Equal((created.Did, AuthScope.Access, false), (principal.Did.Value, principal.Scope, principal.IsAppPassword));
        Assert.Equal(created.Did, _pds.Refresh(session.RefreshJwt).Did.Value);
    }

    [Theory]
    [InlineData("alice.pds.test", "wrong password")]
    [InlineData("alice.pds.test", "")]
    [InlineData("bob.pds.test", TestPds.Password)]
    [InlineData("nobody@example.com", TestPds.Password)]
    [InlineData("did:plc:unknown234567abcdefghijk", TestPds.Password)]
    [InlineData("not a handle", TestPds.Password)]
    [InlineData("", TestPds.Password)]
    public async Task CreateSession_WrongPasswordOrUnknownIdentifier_ThrowsSameAuthenticationRequired(string identifier, string password)
    {
        await _pds.CreateAccountAsync("alice");

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.LoginAsync(identifier, password));

        Assert.Equal((401, XrpcErrorName.AuthenticationRequired, "Invalid identifier or password"), (e.Status, e.Error, e.Message));
    }

    [Fact]
    public async Task CreateSession_Takendown_ThrowsAccountTakedown()
    {
        var created = await _pds.CreateAccountAsync("alice");
        await _pds.Accounts.UpdateTakedownAsync(Did.Parse(created.Did), "mod-1");

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.LoginAsync("alice.pds.test"));

        Assert.Equal((401, XrpcErrorName.AccountTakedown), (e.Status, e.Error));
    }

    [Fact]
    public async Task CreateSession_TakendownWithAllowTakendown_GivesNarrowSessionThatCannotRefresh()
    {
        var created = await _pds.CreateAccountAsync("alice");
        await _pds.Accounts.UpdateTakedownAsync(Did.Parse(created.Did), "mod-1");

        var session = await _pds.LoginAsync("alice.pds.test", allowTakendown: true);

        Assert.Equal((false, "takendown"), (session.Active, session.Status));
        Assert.Throws<XrpcException>(() => _pds.Access(session.AccessJwt));
        Assert.True(_pds.Verifier.VerifyAccess(TestPds.Bearer(session.AccessJwt), allowTakendown: true).IsTakendown);
        var refresh = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.RefreshSessionAsync(_pds.Refresh(session.RefreshJwt)));
        Assert.Equal(XrpcErrorName.AccountTakedown, refresh.Error);
    }

    [Fact]
    public async Task CreateSession_TakendownWithAppPassword_IsRefusedAsInvalidCredentials()
    {
        var created = await _pds.CreateAccountAsync("alice");
        var appPassword = await CreateAppPasswordAsync(created, "phone");
        await _pds.Accounts.UpdateTakedownAsync(Did.Parse(created.Did), "mod-1");

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.LoginAsync("alice.pds.test", appPassword.Password, allowTakendown: true));

        Assert.Equal(XrpcErrorName.AuthenticationRequired, e.Error);
    }

    [Fact]
    public async Task CreateSession_Deactivated_IsAllowedWithStatus()
    {
        var created = await _pds.CreateAccountAsync("alice");
        await _pds.Accounts.DeactivateAccountAsync(Did.Parse(created.Did));

        var session = await _pds.LoginAsync("alice.pds.test");
        var refreshed = await _pds.Sessions.RefreshSessionAsync(_pds.Refresh(session.RefreshJwt));

        Assert.Equal((false, "deactivated"), (session.Active, session.Status));
        Assert.Equal((false, "deactivated"), (refreshed.Active, refreshed.Status));
    }

    [Theory]
    [InlineData(false, AuthScope.AppPass)]
    [InlineData(true, AuthScope.AppPassPrivileged)]
    public async Task CreateSession_AppPassword_GetsAppPasswordScopeThroughRefresh(bool privileged, string scope)
    {
        var created = await _pds.CreateAccountAsync("alice");
        var appPassword = await CreateAppPasswordAsync(created, "phone", privileged);

        var session = await _pds.LoginAsync("alice.pds.test", appPassword.Password);
        var refreshed = await _pds.Sessions.RefreshSessionAsync(_pds.Refresh(session.RefreshJwt));

        Assert.Equal((scope, true), (_pds.Access(session.AccessJwt).Scope, _pds.Access(session.AccessJwt).IsAppPassword));
        Assert.Equal(scope, _pds.Access(refreshed.AccessJwt).Scope);
    }

    [Fact]
    public async Task RefreshSession_ReuseWithinGrace_GivesSameSuccessor_AfterGraceExpiredToken()
    {
        var session = await CreateAndLoginAsync();
        var old = _pds.Refresh(session.RefreshJwt);

        var first = await _pds.Sessions.RefreshSessionAsync(old);
        _pds.Clock.Advance(TimeSpan.FromSeconds(90));
        var again = await _pds.Sessions.RefreshSessionAsync(old);
        _pds.Clock.Advance(TimeSpan.FromSeconds(31));
        var late = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.RefreshSessionAsync(old));
        var next = await _pds.Sessions.RefreshSessionAsync(_pds.Refresh(first.RefreshJwt));

        Assert.Equal(_pds.Refresh(first.RefreshJwt).TokenId, _pds.Refresh(again.RefreshJwt).TokenId);
        Assert.NotEqual(old.TokenId, _pds.Refresh(first.RefreshJwt).TokenId);
        Assert.Equal((400, XrpcErrorName.ExpiredToken, "Token has been revoked"), (late.Status, late.Error, late.Message));
        Assert.NotEqual(_pds.Refresh(first.RefreshJwt).TokenId, _pds.Refresh(next.RefreshJwt).TokenId);
        Assert.Equal(session.Did, _pds.Access(next.AccessJwt).Did.Value);
    }

    [Fact]
    public async Task RefreshSession_ConcurrentWithGrace_AllGetTheSameSuccessor()
    {
        var session = await CreateAndLoginAsync();
        var old = _pds.Refresh(session.RefreshJwt);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _pds.Sessions.RefreshSessionAsync(old))));

        Assert.Single(results.Select(r => _pds.Refresh(r.RefreshJwt).TokenId).Distinct());
    }

    [Fact]
    public async Task RefreshSession_ConcurrentWithoutGrace_ExactlyOneWins()
    {
        using var strict = new TestPds(refreshGrace: TimeSpan.Zero);
        await strict.CreateAccountAsync("alice");
        var old = strict.Refresh((await strict.LoginAsync("alice.pds.test")).RefreshJwt);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            await Record.ExceptionAsync(() => strict.Sessions.RefreshSessionAsync(old)))));

        Assert.Single(outcomes, e => e is null);
        Assert.All(outcomes.Where(e => e is not null), e => Assert.Equal(XrpcErrorName.ExpiredToken, ((XrpcException)e!).Error));
    }

    [Fact]
    public async Task RefreshSession_RefreshJwtPastExpiry_ThrowsExpiredToken()
    {
        var session = await CreateAndLoginAsync();
        _pds.Clock.Advance(TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));

        var e = Assert.Throws<XrpcException>(() => _pds.Refresh(session.RefreshJwt));

        Assert.Equal((400, XrpcErrorName.ExpiredToken), (e.Status, e.Error));
    }

    [Fact]
    public async Task DeleteSession_RevokesTokenAndItsSuccessors()
    {
        var session = await CreateAndLoginAsync();
        var old = _pds.Refresh(session.RefreshJwt);
        var rotated = await _pds.Sessions.RefreshSessionAsync(old);

        await _pds.Sessions.DeleteSessionAsync(old);

        var reuse = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.RefreshSessionAsync(old));
        var successor = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.RefreshSessionAsync(_pds.Refresh(rotated.RefreshJwt)));
        Assert.Equal(XrpcErrorName.ExpiredToken, reuse.Error);
        Assert.Equal(XrpcErrorName.ExpiredToken, successor.Error);
        await _pds.Sessions.DeleteSessionAsync(old);
    }

    [Fact]
    public async Task DeleteSession_ExpiredRefreshToken_IsAcceptedForRevocation()
    {
        var session = await CreateAndLoginAsync();
        _pds.Clock.Advance(TimeSpan.FromDays(100));

        var principal = _pds.Verifier.VerifyRefresh(TestPds.Bearer(session.RefreshJwt), allowExpired: true);
        await _pds.Sessions.DeleteSessionAsync(principal);

        Assert.Null(await _pds.Store.GetRefreshTokenAsync(principal.Did, principal.TokenId));
    }

    [Fact]
    public async Task Takedown_RevokesRefreshTokens()
    {
        var session = await CreateAndLoginAsync();
        var principal = _pds.Refresh(session.RefreshJwt);
        await _pds.Accounts.UpdateTakedownAsync(principal.Did, "mod-1");
        await _pds.Accounts.UpdateTakedownAsync(principal.Did, null);

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.RefreshSessionAsync(principal));

        Assert.Equal(XrpcErrorName.ExpiredToken, e.Error);
    }

    [Fact]
    public async Task GetSession_ReportsAccountAndDidDoc()
    {
        var session = await CreateAndLoginAsync();
        var did = Did.Parse(session.Did);
        _pds.DidDocuments.Published[did] = (Handle.Parse("alice.pds.test"), (await _pds.Accounts.GetSignerAsync(did)).PublicKey);

        var view = await _pds.Sessions.GetSessionAsync(_pds.Access(session.AccessJwt));

        Assert.Equal((session.Did, "alice.pds.test", "alice@example.com", true, null), (view.Did, view.Handle, view.Email, view.Active, view.Status));
        Assert.Equal(session.Did, view.DidDoc!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreateSession_WeakerStoredHash_IsUpgradedOnLogin()
    {
        var created = await _pds.CreateAccountAsync("alice");
        var did = Did.Parse(created.Did);
        var stronger = new PasswordHasher(2_000, allowWeak: true);
        var sessions = new SessionService(_pds.Store, _pds.Tokens, stronger, timeProvider: _pds.Clock);

        await sessions.CreateSessionAsync(new CreateSessionInput { Identifier = created.Did, Password = TestPds.Password });

        var hash = (await _pds.Store.GetAccountAsync(did))!.PasswordHash!;
        Assert.Equal(2_000, PasswordHasher.IterationsOf(hash));
        await _pds.LoginAsync(created.Did);
    }

    public void Dispose() => _pds.Dispose();

    private async Task<CreateSessionOutput> CreateAndLoginAsync()
    {
        await _pds.CreateAccountAsync("alice");
        return await _pds.LoginAsync("alice.pds.test");
    }

    private async Task<CreateAppPasswordOutput> CreateAppPasswordAsync(CreateAccountOutput account, string name, bool privileged = false) =>
        await _pds.Sessions.CreateAppPasswordAsync(_pds.Access(account.AccessJwt), new CreateAppPasswordInput { Name = name, Privileged = privileged });
}
