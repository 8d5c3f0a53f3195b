using System.Security.Cryptography;
using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Auth;

public class SessionTokensTests
{
    private static readonly Did Alice = Did.Parse("did:plc:alice234567abcdefghijklm");
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly ManualTimeProvider _clock = new();
    private readonly SessionTokens _tokens;

    public SessionTokensTests()
    {
        _tokens = new SessionTokens(new SessionTokenOptions { Secret = _secret, ServiceDid = TestPds.ServiceDid }, _clock);
    }

    [Fact]
    public void CreateAccessToken_Validate_RoundTripsWithReferenceShape()
    {
        var issued = _tokens.CreateAccessToken(Alice, AuthScope.AppPass);

        var claims = _tokens.ValidateAccessToken(issued.Jwt);

        Assert.Equal(new SessionTokenClaims(Alice, AuthScope.AppPass, null, _clock.GetUtcNow() + TimeSpan.FromHours(2)), claims);
        Assert.Equal("""{"typ":"at+jwt","alg":"HS256"}""", JwtForge.DecodePart(issued.Jwt, 0));
        using var payload = JsonDocument.Parse(JwtForge.DecodePart(issued.Jwt, 1));
        Assert.Equal(["scope", "sub", "aud", "iat", "exp"], payload.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TestPds.ServiceDid.Value, payload.RootElement.GetProperty("aud").GetString());
    }

    [Fact]
    public void CreateRefreshToken_Validate_CarriesJtiAnd90Days()
    {
        var issued = _tokens.CreateRefreshToken(Alice, "token-id");

        var claims = _tokens.ValidateRefreshToken(issued.Jwt);

        Assert.Equal(new SessionTokenClaims(Alice, AuthScope.Refresh, "token-id", _clock.GetUtcNow() + TimeSpan.FromDays(90)), claims);
        Assert.Equal("""{"typ":"refresh+jwt","alg":"HS256"}""", JwtForge.DecodePart(issued.Jwt, 0));
    }

    [Fact]
    public void ValidateAccessToken_AfterLifetime_ThrowsExpiredButRefreshMayAllowIt()
    {
        var access = _tokens.CreateAccessToken(Alice, AuthScope.Access);
        var refresh = _tokens.CreateRefreshToken(Alice, "id");
        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(29));
        _tokens.ValidateAccessToken(access.Jwt);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(JwtError.Expired, Assert.Throws<JwtException>(() => _tokens.ValidateAccessToken(access.Jwt)).Error);

        _clock.Advance(TimeSpan.FromDays(91));
        Assert.Equal(JwtError.Expired, Assert.Throws<JwtException>(() => _tokens.ValidateRefreshToken(refresh.Jwt)).Error);
        Assert.Equal("id", _tokens.ValidateRefreshToken(refresh.Jwt, allowExpired: true).TokenId);
    }

    public static TheoryData<string, Func<SessionTokensTests, string>, JwtError> RejectedAccessTokens() => new()
    {
        { "refresh token as access token", t => t._tokens.CreateRefreshToken(Alice, "id").Jwt, JwtError.WrongType },
        { "payload changed after signing", t => JwtForge.WithPayload(t._tokens.CreateAccessToken(Alice, AuthScope.AppPass).Jwt,
            t.Payload("com.atproto.access")), JwtError.BadSignature },
        { "signature changed", t => Flip(t._tokens.CreateAccessToken(Alice, AuthScope.Access).Jwt), JwtError.BadSignature },
        { "other secret", t => JwtForge.Hs256(RandomNumberGenerator.GetBytes(32), """{"typ":"at+jwt","alg":"HS256"}""", t.Payload(AuthScope.Access)), JwtError.BadSignature },
        { "alg none", t => JwtForge.B64("""{"typ":"at+jwt","alg":"none"}""") + "." + JwtForge.B64(t.Payload(AuthScope.Access)) + ".AA", JwtError.UnsupportedAlgorithm },
        { "alg HS512", t => JwtForge.Hs256(t._secret, """{"typ":"at+jwt","alg":"HS512"}""", t.Payload(AuthScope.Access)), JwtError.UnsupportedAlgorithm },
        { "alg ES256K", t => JwtForge.Hs256(t._secret, """{"typ":"at+jwt","alg":"ES256K"}""", t.Payload(AuthScope.Access)), JwtError.UnsupportedAlgorithm },
        { "typ missing", t => JwtForge.Hs256(t._secret, """{"alg":"HS256"}""", t.Payload(AuthScope.Access)), JwtError.WrongType },
        { "typ JWT", t => JwtForge.Hs256(t._secret, """{"typ":"JWT","alg":"HS256"}""", t.Payload(AuthScope.Access)), JwtError.WrongType },
        { "refresh scope in an access token", t => t.Forge("at+jwt", t.Payload(AuthScope.Refresh)), JwtError.WrongScope },
        { "unknown scope", t => t.Forge("at+jwt", t.Payload("com.example.all")), JwtError.WrongScope },
        { "other audience", t => t.Forge("at+jwt", t.Payload(AuthScope.Access, aud: "did:web:other.test")), JwtError.WrongAudience },
        { "no audience", t => t.Forge("at+jwt", t.Payload(AuthScope.Access, aud: null)), JwtError.WrongAudience },
        { "subject not a DID", t => t.Forge("at+jwt", t.Payload(AuthScope.Access, sub: "alice.test")), JwtError.Malformed },
        { "proof-of-possession token", t => t.Forge("at+jwt", t.Payload(AuthScope.Access, extra: ",\"cnf\":{\"jkt\":\"x\"}")), JwtError.Malformed },
        { "no exp", t => t.Forge("at+jwt", t.Payload(AuthScope.Access, exp: null)), JwtError.Malformed },
        { "issued in the future", t => t.Forge("at+jwt", t.Payload(AuthScope.Access, extra: $",\"iat\":{t._clock.GetUtcNow().ToUnixTimeSeconds() + 600}")), JwtError.NotYetValid },
    };

    [Theory]
    [MemberData(nameof(RejectedAccessTokens))]
    public void ValidateAccessToken_BadToken_Rejects(string why, Func<SessionTokensTests, string> token, JwtError expected)
    {
        var e = Assert.Throws<JwtException>(() => _tokens.ValidateAccessToken(token(this)));

        Assert.True(expected == e.Error, $"{why}: {e.Error}");
    }

    [Theory]
    [InlineData("access token as refresh token", "at+jwt", AuthScope.Access, JwtError.WrongType)]
    [InlineData("refresh type with access scope", "refresh+jwt", AuthScope.Access, JwtError.WrongScope)]
    public void ValidateRefreshToken_WrongKind_Rejects(string why, string typ, string scope, JwtError expected)
    {
        var token = Forge(typ, Payload(scope, extra: ",\"jti\":\"x\""));

        Assert.True(expected == Assert.Throws<JwtException>(() => _tokens.ValidateRefreshToken(token)).Error, why);
    }

    [Fact]
    public void ValidateRefreshToken_NoJti_ThrowsMalformed()
    {
        var token = Forge("refresh+jwt", Payload(AuthScope.Refresh));

        Assert.Equal(JwtError.Malformed, Assert.Throws<JwtException>(() => _tokens.ValidateRefreshToken(token)).Error);
    }

    [Fact]
    public void Constructor_ShortSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SessionTokens(new SessionTokenOptions { Secret = new byte[31], ServiceDid = TestPds.ServiceDid }));
    }

    private string Forge(string typ, string payload) => JwtForge.Hs256(_secret, $$"""{"typ":"{{typ}}","alg":"HS256"}""", payload);

    private string Payload(string scope, string? sub = "did:plc:alice234567abcdefghijklm", string? aud = "did:web:pds.test", long? exp = 0, string extra = "")
    {
        var expValue = exp is null ? "" : $",\"exp\":{_clock.GetUtcNow().ToUnixTimeSeconds() + 3600}";
        var audValue = aud is null ? "" : $",\"aud\":\"{aud}\"";
        return $$"""{"scope":"{{scope}}","sub":"{{sub}}"{{audValue}}{{expValue}}{{extra}}}""";
    }

    private static string Flip(string token)
    {
        var last = token[^2] == 'A' ? 'B' : 'A';
        return token[..^2] + last + token[^1];
    }
}
