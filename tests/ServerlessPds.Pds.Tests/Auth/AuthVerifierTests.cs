using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Auth;

public sealed class AuthVerifierTests : IDisposable
{
    private readonly TestPds _pds = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("bearer abc")]
    [InlineData("Basic YWRtaW46eA==")]
    [InlineData("DPoP abc")]
    public void VerifyAccess_NoBearerToken_Throws401AuthenticationRequired(string? header)
    {
        var e = Assert.Throws<XrpcException>(() => _pds.Verifier.VerifyAccess(header));

        Assert.Equal((401, XrpcErrorName.AuthenticationRequired), (e.Status, e.Error));
    }

    [Fact]
    public async Task VerifyAccess_ExpiredToken_Throws400ExpiredToken()
    {
        var session = await CreateAndLoginAsync("alice");
        _pds.Clock.Advance(TimeSpan.FromHours(3));

        var e = Assert.Throws<XrpcException>(() => _pds.Access(session.AccessJwt));

        Assert.Equal((400, XrpcErrorName.ExpiredToken), (e.Status, e.Error));
    }

    [Fact]
    public async Task VerifyAccess_TamperedToken_Throws400InvalidToken()
    {
        var session = await CreateAndLoginAsync("alice");
        var forged = JwtForge.WithPayload(session.AccessJwt, JwtForge.DecodePart(session.AccessJwt, 1).Replace(session.Did, "did:plc:mallory234567abcdefghijk", StringComparison.Ordinal));

        var e = Assert.Throws<XrpcException>(() => _pds.Access(forged));

        Assert.Equal((400, XrpcErrorName.InvalidToken), (e.Status, e.Error));
    }

    [Fact]
    public async Task VerifyAccess_RefreshTokenAsAccess_ThrowsInvalidToken()
    {
        var session = await CreateAndLoginAsync("alice");

        var e = Assert.Throws<XrpcException>(() => _pds.Access(session.RefreshJwt));

        Assert.Equal((400, XrpcErrorName.InvalidToken, "Invalid token type"), (e.Status, e.Error, e.Message));
    }

    [Fact]
    public async Task VerifyRefresh_AccessTokenAsRefresh_ThrowsInvalidToken()
    {
        var session = await CreateAndLoginAsync("alice");

        var e = Assert.Throws<XrpcException>(() => _pds.Refresh(session.AccessJwt));

        Assert.Equal((400, XrpcErrorName.InvalidToken), (e.Status, e.Error));
    }

    public static TheoryData<string, AccessLevel, bool> ScopeLevels() => new()
    {
        { AuthScope.Access, AccessLevel.Standard, true },
        { AuthScope.Access, AccessLevel.Privileged, true },
        { AuthScope.Access, AccessLevel.Full, true },
        { AuthScope.AppPassPrivileged, AccessLevel.Standard, true },
        { AuthScope.AppPassPrivileged, AccessLevel.Privileged, true },
        { AuthScope.AppPassPrivileged, AccessLevel.Full, false },
        { AuthScope.AppPass, AccessLevel.Standard, true },
        { AuthScope.AppPass, AccessLevel.Privileged, false },
        { AuthScope.AppPass, AccessLevel.Full, false },
        { AuthScope.Takendown, AccessLevel.Standard, false },
    };

    [Theory]
    [MemberData(nameof(ScopeLevels))]
    public void VerifyAccess_ScopeAgainstLevel_AcceptsOrThrowsInvalidToken(string scope, AccessLevel level, bool accepted)
    {
        var token = _pds.Tokens.CreateAccessToken(Did.Parse("did:plc:alice234567abcdefghijklm"), scope).Jwt;

        var e = Record.Exception(() => _pds.Access(token, level));

        Assert.Equal(accepted, e is null);
        if (!accepted)
        {
            Assert.Equal((400, XrpcErrorName.InvalidToken, "Bad token scope"), (((XrpcException)e!).Status, ((XrpcException)e!).Error, e!.Message));
        }
    }

    [Fact]
    public void VerifyAccess_TakendownScopeWhereAllowed_GivesTakendownPrincipal()
    {
        var token = _pds.Tokens.CreateAccessToken(Did.Parse("did:plc:alice234567abcdefghijklm"), AuthScope.Takendown).Jwt;

        var principal = _pds.Verifier.VerifyAccess(TestPds.Bearer(token), AccessLevel.Standard, allowTakendown: true);

        Assert.True(principal.IsTakendown);
        Assert.False(principal.IsPrivileged);
    }

    [Fact]
    public async Task VerifyAccessAsync_AccountStateChecks_ThrowTakedownOrDeactivated()
    {
        var session = await CreateAndLoginAsync("alice");
        var did = Did.Parse(session.Did);
        var header = TestPds.Bearer(session.AccessJwt);
        await _pds.Verifier.VerifyAccessAsync(header, AccessLevel.Standard, checkTakedown: true, checkDeactivated: true);

        await _pds.Accounts.DeactivateAccountAsync(did);
        var deactivated = await Assert.ThrowsAsync<XrpcException>(() => _pds.Verifier.VerifyAccessAsync(header, AccessLevel.Standard, false, true));
        await _pds.Verifier.VerifyAccessAsync(header, AccessLevel.Standard, checkTakedown: true, checkDeactivated: false);
        await _pds.Accounts.UpdateTakedownAsync(did, "report-1");
        var takendown = await Assert.ThrowsAsync<XrpcException>(() => _pds.Verifier.VerifyAccessAsync(header, AccessLevel.Standard, true, false));

        Assert.Equal((401, XrpcErrorName.AccountDeactivated), (deactivated.Status, deactivated.Error));
        Assert.Equal((401, XrpcErrorName.AccountTakedown), (takendown.Status, takendown.Error));
    }

    public static TheoryData<string?, bool> AdminHeaders() => new()
    {
        { TestPds.Basic("admin", TestPds.AdminPassword), true },
        { TestPds.Basic("admin", TestPds.AdminPassword + "x"), false },
        { TestPds.Basic("admin", "admin-secre"), false },
        { TestPds.Basic("root", TestPds.AdminPassword), false },
        { TestPds.Basic("admin", ""), false },
        { "Basic !!!notbase64", false },
        { "Basic " + Convert.ToBase64String("admin"u8.ToArray()), false },
        { "Bearer " + TestPds.AdminPassword, false },
        { null, false },
    };

    [Theory]
    [MemberData(nameof(AdminHeaders))]
    public void IsAdmin_BasicCredentials_OnlyExactAdminPasswordPasses(string? header, bool expected)
    {
        Assert.Equal(expected, _pds.Verifier.IsAdmin(header));
        var e = Record.Exception(() => _pds.Verifier.VerifyAdmin(header));
        Assert.Equal(expected, e is null);
    }

    [Fact]
    public void IsAdmin_NoAdminPasswordConfigured_RefusesEverything()
    {
        var verifier = new AuthVerifier(_pds.Tokens, _pds.Store, adminPassword: null);

        Assert.False(verifier.IsAdmin(TestPds.Basic("admin", "")));
        Assert.False(verifier.IsAdmin(TestPds.Basic("admin", TestPds.AdminPassword)));
    }

    public static TheoryData<string, string?, string> ServiceAuthCases() => new()
    {
        { "valid", "com.atproto.repo.uploadBlob", "" },
        { "other audience", "com.atproto.repo.uploadBlob", "BadJwtAudience" },
        { "other method", "com.atproto.repo.createRecord", "BadJwtLexiconMethod" },
        { "expired", "com.atproto.repo.uploadBlob", "JwtExpired" },
        { "wrong key", "com.atproto.repo.uploadBlob", "BadJwtSignature" },
        { "garbage", "com.atproto.repo.uploadBlob", "BadJwt" },
    };

    [Theory]
    [MemberData(nameof(ServiceAuthCases))]
    public async Task VerifyServiceAuthAsync_Token_MapsFailuresToReferenceErrorNames(string why, string? lxm, string expectedError)
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        using var other = SigningKey.Generate(KeyAlgorithm.K256);
        var now = _pds.Clock.GetUtcNow();
        var aud = why == "other audience" ? "did:web:elsewhere.test" : TestPds.ServiceDid.Value;
        var token = why == "garbage" ? "a.b.c"
            : await ServiceJwt.CreateAsync(key, "did:plc:remote234567abcdefghijkl", aud, "com.atproto.repo.uploadBlob", now.AddMinutes(-10), now.AddSeconds(60));
        if (why == "expired")
        {
            _pds.Clock.Advance(TimeSpan.FromMinutes(2));
        }
        ServiceKeyResolver resolve = (_, _, _, _) => ValueTask.FromResult<PublicKey?>(why == "wrong key" ? other.PublicKey : key.PublicKey);

        var e = await Record.ExceptionAsync(() => _pds.Verifier.VerifyServiceAuthAsync(TestPds.Bearer(token), lxm, resolve));

        Assert.Equal(expectedError, e is XrpcException x ? x.Error.Value : "");
        Assert.True(e is null || ((XrpcException)e).Status == 401, why);
    }

    public void Dispose() => _pds.Dispose();

    private async Task<CreateSessionOutput> CreateAndLoginAsync(string name)
    {
        await _pds.CreateAccountAsync(name);
        return await _pds.LoginAsync(name + ".pds.test");
    }
}
