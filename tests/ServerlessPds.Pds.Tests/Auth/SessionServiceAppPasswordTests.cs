using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Auth;

public sealed class SessionServiceAppPasswordTests : IDisposable
{
    private readonly TestPds _pds = new();

    [Fact]
    public async Task RevokeAppPassword_LoginAndItsSessionsFail_OtherSessionsSurvive()
    {
        var created = await _pds.CreateAccountAsync("alice");
        var phone = await CreateAppPasswordAsync(created, "phone");
        var laptop = await CreateAppPasswordAsync(created, "laptop");
        var phoneSession = await _pds.LoginAsync("alice.pds.test", phone.Password);
        var laptopSession = await _pds.LoginAsync("alice.pds.test", laptop.Password);
        var full = await _pds.LoginAsync("alice.pds.test");

        await _pds.Sessions.RevokeAppPasswordAsync(_pds.Access(full.AccessJwt), new RevokeAppPasswordInput { Name = "phone" });

        var login = await Assert.ThrowsAsync<XrpcException>(() => _pds.LoginAsync("alice.pds.test", phone.Password));
        var refresh = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.RefreshSessionAsync(_pds.Refresh(phoneSession.RefreshJwt)));
        Assert.Equal(XrpcErrorName.AuthenticationRequired, login.Error);
        Assert.Equal((400, XrpcErrorName.ExpiredToken), (refresh.Status, refresh.Error));
        await _pds.Sessions.RefreshSessionAsync(_pds.Refresh(laptopSession.RefreshJwt));
        await _pds.Sessions.RefreshSessionAsync(_pds.Refresh(full.RefreshJwt));
        var listed = await _pds.Sessions.ListAppPasswordsAsync(_pds.Access(full.AccessJwt));
        Assert.Equal(["laptop"], listed.Passwords.Select(p => p.Name));
    }

    [Fact]
    public async Task CreateAppPassword_FromAppPasswordSession_ThrowsInvalidToken()
    {
        var created = await _pds.CreateAccountAsync("alice");
        var appPassword = await CreateAppPasswordAsync(created, "phone", privileged: true);
        var session = await _pds.LoginAsync("alice.pds.test", appPassword.Password);

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.CreateAppPasswordAsync(
            _pds.Access(session.AccessJwt), new CreateAppPasswordInput { Name = "sneaky" }));

        Assert.Equal((400, XrpcErrorName.InvalidToken), (e.Status, e.Error));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("phone")]
    public async Task CreateAppPassword_EmptyOrDuplicateName_ThrowsInvalidRequest(string name)
    {
        var created = await _pds.CreateAccountAsync("alice");
        await CreateAppPasswordAsync(created, "phone");

        var e = await Assert.ThrowsAsync<XrpcException>(() => CreateAppPasswordAsync(created, name));

        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
    }

    [Fact]
    public async Task CreateAppPassword_TakendownAccount_ThrowsAccountTakedown()
    {
        var session = await CreateAndLoginAsync();
        await _pds.Accounts.UpdateTakedownAsync(Did.Parse(session.Did), "mod-1");

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.Sessions.CreateAppPasswordAsync(
            _pds.Access(session.AccessJwt), new CreateAppPasswordInput { Name = "phone" }));

        Assert.Equal(XrpcErrorName.AccountTakedown, e.Error);
    }

    [Fact]
    public async Task ListAppPasswords_NewestFirstWithoutSecrets()
    {
        var created = await _pds.CreateAccountAsync("alice");
        var first = await CreateAppPasswordAsync(created, "first");
        _pds.Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateAppPasswordAsync(created, "second", privileged: true);

        var list = await _pds.Sessions.ListAppPasswordsAsync(_pds.Access(created.AccessJwt));

        Assert.Equal([("second", true), ("first", false)], list.Passwords.Select(p => (p.Name, p.Privileged ?? false)));
        Assert.Equal(first.CreatedAt, list.Passwords[1].CreatedAt);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", first.CreatedAt);
    }

    public void Dispose() => _pds.Dispose();

    private async Task<CreateAppPasswordOutput> CreateAppPasswordAsync(CreateAccountOutput account, string name, bool privileged = false) =>
        await _pds.Sessions.CreateAppPasswordAsync(_pds.Access(account.AccessJwt), new CreateAppPasswordInput { Name = name, Privileged = privileged });

    private async Task<CreateSessionOutput> CreateAndLoginAsync()
    {
        await _pds.CreateAccountAsync("alice");
        return await _pds.LoginAsync("alice.pds.test");
    }
}
