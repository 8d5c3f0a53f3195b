using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Auth;

public sealed class ServiceAuthIssuerTests : IDisposable
{
    private const string AppView = "did:web:api.bsky.test";
    private readonly TestPds _pds = new();

    [Fact]
    public async Task GetServiceAuth_Defaults_SignsSixtySecondTokenWithAccountKey()
    {
        var (principal, did) = await LoginAsync();

        var output = await _pds.ServiceAuth.GetServiceAuthAsync(principal, AppView + "#bsky_appview", exp: null, lxm: "app.bsky.feed.getTimeline");

        var signer = await _pds.Accounts.GetSignerAsync(did);
        var claims = ServiceJwt.Verify(output.Token, signer.PublicKey, AppView + "#bsky_appview", "app.bsky.feed.getTimeline", _pds.Clock.GetUtcNow());
        Assert.Equal(did, claims.IssuerDid);
        Assert.Equal(_pds.Clock.GetUtcNow().AddSeconds(60), claims.ExpiresAt);
        Assert.Equal(_pds.Registrar.Registered[did].Key, signer.PublicKey);
        Assert.Contains("\"alg\":\"ES256K\"", JwtForge.DecodePart(output.Token, 0), StringComparison.Ordinal);
    }

    public static TheoryData<string, long, string?, string?> Expirations() => new()
    {
        { "in the past", -1, "app.bsky.feed.getTimeline", "BadExpiration" },
        { "now", 0, "app.bsky.feed.getTimeline", "BadExpiration" },
        { "an hour ahead", 3600, "app.bsky.feed.getTimeline", null },
        { "over an hour ahead", 3601, "app.bsky.feed.getTimeline", "BadExpiration" },
        { "a minute ahead without lxm", 60, null, null },
        { "over a minute ahead without lxm", 61, null, "BadExpiration" },
    };

    [Theory]
    [MemberData(nameof(Expirations))]
    public async Task GetServiceAuth_RequestedExp_IsBoundedAsTheReference(string why, long secondsAhead, string? lxm, string? error)
    {
        var (principal, _) = await LoginAsync();
        var exp = _pds.Clock.GetUtcNow().ToUnixTimeSeconds() + secondsAhead;

        var e = await Record.ExceptionAsync(() => _pds.ServiceAuth.GetServiceAuthAsync(principal, AppView, exp, lxm));

        Assert.True(error == (e as XrpcException)?.Error.Value, why);
    }

    [Theory]
    [InlineData("com.atproto.server.createAppPassword", AuthScope.Access)]
    [InlineData("com.atproto.identity.updateHandle", AuthScope.Access)]
    [InlineData("chat.bsky.convo.sendMessage", AuthScope.AppPass)]
    [InlineData("not an nsid", AuthScope.Access)]
    public async Task GetServiceAuth_ProtectedOrPrivilegedMethod_ThrowsInvalidRequest(string lxm, string scope)
    {
        var (_, did) = await LoginAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.ServiceAuth.GetServiceAuthAsync(new AccessPrincipal(did, scope), AppView, null, lxm));

        Assert.Equal((400, XrpcErrorName.InvalidRequest), (e.Status, e.Error));
    }

    [Fact]
    public async Task GetServiceAuth_PrivilegedMethodWithPrivilegedAppPassword_IsAllowed()
    {
        var (_, did) = await LoginAsync();

        var output = await _pds.ServiceAuth.GetServiceAuthAsync(new AccessPrincipal(did, AuthScope.AppPassPrivileged), AppView, null, "chat.bsky.convo.sendMessage");

        Assert.False(string.IsNullOrEmpty(output.Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("api.bsky.test")]
    [InlineData("did:web:api.bsky.test#")]
    [InlineData("did:web:api.bsky.test#a#b")]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    public async Task GetServiceAuth_BadAudience_ThrowsInvalidRequest(string aud)
    {
        var (principal, _) = await LoginAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.ServiceAuth.GetServiceAuthAsync(principal, aud, null, null));

        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
    }

    [Fact]
    public async Task GetServiceAuth_TakendownSession_ThrowsInvalidToken()
    {
        var (_, did) = await LoginAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.ServiceAuth.GetServiceAuthAsync(new AccessPrincipal(did, AuthScope.Takendown), AppView, null, null));

        Assert.Equal(XrpcErrorName.InvalidToken, e.Error);
    }

    [Fact]
    public async Task GetServiceAuth_TakendownSessionForCreateAccount_PassesScopeButNeedsPrivilege()
    {
        var (_, did) = await LoginAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => _pds.ServiceAuth.GetServiceAuthAsync(
            new AccessPrincipal(did, AuthScope.Takendown), "did:web:new-pds.test", null, ServiceAuthIssuer.CreateAccountMethod));

        Assert.Equal((XrpcErrorName.InvalidRequest, "insufficient access to request a service auth token for the following method: com.atproto.server.createAccount"), (e.Error, e.Message));
    }

    [Theory]
    [InlineData("did:web:video.bsky.app")]
    [InlineData("did:plc:ar7c4by46qjdydhdevvrndac#atproto_labeler")]
    public async Task GetServiceAuth_AudienceWithOrWithoutFragment_IsSignedAsGiven(string aud)
    {
        var (principal, did) = await LoginAsync();
        var exp = _pds.Clock.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds();

        var output = await _pds.ServiceAuth.GetServiceAuthAsync(principal, aud, exp, "com.atproto.repo.uploadBlob");

        var signer = await _pds.Accounts.GetSignerAsync(did);
        var claims = ServiceJwt.Verify(output.Token, signer.PublicKey, aud, "com.atproto.repo.uploadBlob", _pds.Clock.GetUtcNow());
        Assert.Equal(exp, claims.ExpiresAt.ToUnixTimeSeconds());
    }

    public void Dispose() => _pds.Dispose();

    private async Task<(AccessPrincipal Principal, Did Did)> LoginAsync()
    {
        var created = await _pds.CreateAccountAsync("alice");
        var principal = _pds.Access(created.AccessJwt);
        return (principal, principal.Did);
    }
}
