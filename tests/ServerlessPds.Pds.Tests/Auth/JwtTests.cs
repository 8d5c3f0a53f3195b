using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Tests.TestSupport;

namespace ServerlessPds.Pds.Tests.Auth;

public class JwtTests
{
    private const string Header = """{"typ":"at+jwt","alg":"HS256"}""";
    private const string Payload = """{"scope":"com.atproto.access","sub":"did:plc:abc","exp":1900000000}""";
    private static readonly string Valid = JwtForge.B64(Header) + "." + JwtForge.B64(Payload) + ".c2ln";

    public static TheoryData<string, string> MalformedTokens() => new()
    {
        { "empty", "" },
        { "two parts", JwtForge.B64(Header) + "." + JwtForge.B64(Payload) },
        { "four parts", Valid + ".c2ln" },
        { "empty header", "." + JwtForge.B64(Payload) + ".c2ln" },
        { "empty payload", JwtForge.B64(Header) + "..c2ln" },
        { "empty signature", JwtForge.B64(Header) + "." + JwtForge.B64(Payload) + "." },
        { "padding", JwtForge.B64(Header) + "." + JwtForge.B64(Payload) + ".c2ln=" },
        { "standard base64 characters", JwtForge.B64(Header) + "." + JwtForge.B64(Payload) + ".c2+/" },
        { "whitespace", JwtForge.B64(Header) + " ." + JwtForge.B64(Payload) + ".c2ln" },
        { "non-canonical trailing bits", JwtForge.B64(Header) + "." + JwtForge.B64(Payload) + ".c2l" },
        { "impossible length", JwtForge.B64(Header) + "." + JwtForge.B64(Payload) + ".c2lnA" },
        { "header not JSON", JwtForge.B64("not json") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "header is an array", JwtForge.B64("[1]") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "header without alg", JwtForge.B64("""{"typ":"JWT"}""") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "alg not a string", JwtForge.B64("""{"alg":1}""") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "typ not a string", JwtForge.B64("""{"alg":"HS256","typ":7}""") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "crit extension", JwtForge.B64("""{"alg":"HS256","crit":["b64"],"b64":false}""") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "duplicate header member", JwtForge.B64("""{"alg":"HS256","alg":"none"}""") + "." + JwtForge.B64(Payload) + ".c2ln" },
        { "payload is a string", JwtForge.B64(Header) + "." + JwtForge.B64("\"x\"") + ".c2ln" },
        { "duplicate claim", JwtForge.B64(Header) + "." + JwtForge.B64("""{"sub":"did:plc:a","sub":"did:plc:b"}""") + ".c2ln" },
        { "exp is a string", JwtForge.B64(Header) + "." + JwtForge.B64("""{"exp":"1900000000"}""") + ".c2ln" },
        { "exp is negative", JwtForge.B64(Header) + "." + JwtForge.B64("""{"exp":-5}""") + ".c2ln" },
        { "aud is an array", JwtForge.B64(Header) + "." + JwtForge.B64("""{"aud":["did:web:a"]}""") + ".c2ln" },
        { "sub is a number", JwtForge.B64(Header) + "." + JwtForge.B64("""{"sub":5}""") + ".c2ln" },
        { "too deep", JwtForge.B64(Header) + "." + JwtForge.B64(new string('[', 40) + new string(']', 40)) + ".c2ln" },
        { "too long", JwtForge.B64(Header) + "." + JwtForge.B64("{\"x\":\"" + new string('a', 9000) + "\"}") + ".c2ln" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void Parse_MalformedToken_ThrowsMalformed(string why, string token)
    {
        var e = Assert.Throws<JwtException>(() => Jwt.Parse(token));
        Assert.True(e.Error == JwtError.Malformed, why);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public void Parse_AlgNone_ThrowsUnsupportedAlgorithm(string alg)
    {
        var token = JwtForge.B64($$"""{"alg":"{{alg}}"}""") + "." + JwtForge.B64(Payload) + ".c2ln";

        var e = Assert.Throws<JwtException>(() => Jwt.Parse(token));

        Assert.Equal(JwtError.UnsupportedAlgorithm, e.Error);
    }

    [Fact]
    public void Parse_WellFormedToken_ExposesHeaderClaimsAndSigningInput()
    {
        var token = Jwt.Parse(Valid);

        Assert.Equal("HS256", token.Algorithm);
        Assert.Equal("at+jwt", token.Type);
        Assert.Equal("did:plc:abc", token.Claims.Subject);
        Assert.Equal("com.atproto.access", token.Claims.Scope);
        Assert.Equal(1900000000, token.Claims.ExpiresAt);
        Assert.Null(token.Claims.Audience);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(Valid[..Valid.LastIndexOf('.')]), token.SigningInput.ToArray());
        Assert.Equal("sig"u8.ToArray(), token.Signature.ToArray());
    }

    [Fact]
    public void CreateSigningInput_PlusSign_IsNotEscaped()
    {
        var input = Jwt.CreateSigningInput("HS256", "at+jwt", w => w.WriteString("sub", "did:plc:a"));

        Assert.Equal("""{"typ":"at+jwt","alg":"HS256"}""", JwtForge.DecodePart(input + ".x", 0));
    }

    public static TheoryData<string, long, long?, long?, JwtError?> TimeCases() => new()
    {
        { "valid", 1000, null, null, null },
        { "expired", 900, null, null, JwtError.Expired },
        { "expired within skew", 990, null, null, null },
        { "nbf in the future", 2000, 1100, null, JwtError.NotYetValid },
        { "nbf within skew", 2000, 1020, null, null },
        { "iat in the future", 2000, null, 1100, JwtError.NotYetValid },
        { "iat in the past", 2000, null, 10, null },
    };

    [Theory]
    [MemberData(nameof(TimeCases))]
    public void ValidateTimes_ClaimsAgainstClock_AcceptOrRejectWithSkew(string why, long exp, long? nbf, long? iat, JwtError? expected)
    {
        var payload = $$"""{"exp":{{exp}}{{(nbf is null ? "" : $",\"nbf\":{nbf}")}}{{(iat is null ? "" : $",\"iat\":{iat}")}}}""";
        var claims = Jwt.Parse(JwtForge.B64(Header) + "." + JwtForge.B64(payload) + ".c2ln").Claims;

        var e = Record.Exception(() => Jwt.ValidateTimes(claims, DateTimeOffset.FromUnixTimeSeconds(1000), TimeSpan.FromSeconds(30)));

        Assert.True(expected == (e as JwtException)?.Error, why);
    }

    [Fact]
    public void ValidateTimes_NoExp_ThrowsMalformedEvenWhenExpiredAllowed()
    {
        var claims = Jwt.Parse(JwtForge.B64(Header) + "." + JwtForge.B64("{}") + ".c2ln").Claims;

        var e = Assert.Throws<JwtException>(() => Jwt.ValidateTimes(claims, DateTimeOffset.UnixEpoch, TimeSpan.Zero, allowExpired: true));

        Assert.Equal(JwtError.Malformed, e.Error);
    }
}
