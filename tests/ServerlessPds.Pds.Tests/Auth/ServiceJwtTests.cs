using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Auth;

public sealed class ServiceJwtTests : IDisposable
{
    private const string Aud = "did:web:api.bsky.test";
    private const string Lxm = "app.bsky.feed.getFeedSkeleton";
    private const string Iss = "did:plc:alice234567abcdefghijklm";
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SigningKey _k256 = SigningKey.Generate(KeyAlgorithm.K256);
    private readonly SigningKey _p256 = SigningKey.Generate(KeyAlgorithm.P256);

    public static TheoryData<string> Algorithms() => new() { "k256", "p256" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task CreateAsync_Verify_RoundTripsWithSpecShape(string algorithm)
    {
        var key = algorithm == "k256" ? _k256 : _p256;

        var token = await ServiceJwt.CreateAsync(key, Iss, Aud, Lxm, Now, Now.AddSeconds(60));
        var claims = ServiceJwt.Verify(token, key.PublicKey, Aud, Lxm, Now.AddSeconds(10));

        Assert.Equal($$"""{"typ":"JWT","alg":"{{key.Algorithm.JwtAlgorithm}}"}""", JwtForge.DecodePart(token, 0));
        Assert.Equal(64, Base64Url.DecodeFromChars(token.Split('.')[2]).Length);
        Assert.Equal(Did.Parse(Iss), claims.IssuerDid);
        Assert.Null(claims.ServiceId);
        Assert.Equal((Aud, Lxm, Now.AddSeconds(60), Now), (claims.Audience, claims.Lxm, claims.ExpiresAt, claims.IssuedAt));
        Assert.Matches("^[0-9a-f]{32}$", claims.Jti);
    }

    [Fact]
    public async Task CreateAsync_TwoTokens_HaveDistinctNonces()
    {
        var a = ServiceJwt.Verify(await ServiceJwt.CreateAsync(_k256, Iss, Aud, null, Now, Now.AddSeconds(60)), _k256.PublicKey, Aud, null, Now);
        var b = ServiceJwt.Verify(await ServiceJwt.CreateAsync(_k256, Iss, Aud, null, Now, Now.AddSeconds(60)), _k256.PublicKey, Aud, null, Now);

        Assert.NotEqual(a.Jti, b.Jti);
    }

    public static TheoryData<string, Func<ServiceJwtTests, string>, JwtError> RejectedTokens() => new()
    {
        { "wrong key", t => t.Make(), JwtError.BadSignature },
        { "payload changed", t => JwtForge.WithPayload(t.Make(signer: t._p256), t.Payload(iss: "did:plc:mallory234567abcdefghijk")), JwtError.BadSignature },
        { "high-S signature", t => HighS(t.Make(signer: t._p256), KeyAlgorithm.P256), JwtError.BadSignature },
        { "alg says ES256K, key is P-256", t => t.Forge(t._p256, """{"typ":"JWT","alg":"ES256K"}"""), JwtError.BadSignature },
        { "alg HS256", t => t.Forge(t._p256, """{"typ":"JWT","alg":"HS256"}"""), JwtError.UnsupportedAlgorithm },
        { "alg none", t => JwtForge.B64("""{"alg":"none"}""") + "." + JwtForge.B64(t.Payload()) + ".AA", JwtError.UnsupportedAlgorithm },
        { "session access token type", t => t.Forge(t._p256, """{"typ":"at+jwt","alg":"ES256"}"""), JwtError.WrongType },
        { "refresh token type", t => t.Forge(t._p256, """{"typ":"refresh+jwt","alg":"ES256"}"""), JwtError.WrongType },
        { "DPoP proof type", t => t.Forge(t._p256, """{"typ":"dpop+jwt","alg":"ES256"}"""), JwtError.WrongType },
        { "expired", t => t.Forge(t._p256, payload: t.Payload(exp: Now.AddSeconds(-31))), JwtError.Expired },
        { "issued in the future", t => t.Forge(t._p256, payload: t.Payload(iat: Now.AddMinutes(5))), JwtError.NotYetValid },
        { "other audience", t => t.Forge(t._p256, payload: t.Payload(aud: "did:web:evil.test")), JwtError.WrongAudience },
        { "other method", t => t.Forge(t._p256, payload: t.Payload(lxm: "com.atproto.repo.createRecord")), JwtError.WrongMethod },
        { "no method", t => t.Forge(t._p256, payload: t.Payload(lxm: null)), JwtError.WrongMethod },
        { "issuer not a DID", t => t.Forge(t._p256, payload: t.Payload(iss: "alice.test")), JwtError.Malformed },
        { "no exp", t => t.Forge(t._p256, payload: t.Payload(exp: DateTimeOffset.MinValue)), JwtError.Malformed },
    };

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public void Verify_BadToken_Rejects(string why, Func<ServiceJwtTests, string> token, JwtError expected)
    {
        var e = Assert.Throws<JwtException>(() => ServiceJwt.Verify(token(this), _p256.PublicKey, Aud, Lxm, Now));

        Assert.True(expected == e.Error, $"{why}: {e.Error} {e.Message}");
    }

    [Fact]
    public void Verify_NoExpectedMethodOrAudience_AcceptsAny()
    {
        var claims = ServiceJwt.Verify(Forge(_p256, payload: Payload(iss: Iss + "#atproto_labeler", lxm: null)), _p256.PublicKey, null, null, Now);

        Assert.Equal("atproto_labeler", claims.ServiceId);
        Assert.Null(claims.Lxm);
    }

    [Fact]
    public async Task VerifyAsync_RotatedKey_RetriesWithForcedRefresh()
    {
        var token = Make(signer: _p256);
        var calls = new List<bool>();

        var claims = await ServiceJwt.VerifyAsync(token, Aud, Lxm, (did, serviceId, force, _) =>
        {
            calls.Add(force);
            return ValueTask.FromResult<PublicKey?>(force ? _p256.PublicKey : _k256.PublicKey);
        }, Now);

        Assert.Equal([false, true], calls);
        Assert.Equal(Iss, claims.Issuer);
    }

    [Fact]
    public async Task VerifyAsync_UnresolvableIssuer_ThrowsBadSignature()
    {
        var e = await Assert.ThrowsAsync<JwtException>(() =>
            ServiceJwt.VerifyAsync(Make(signer: _p256), Aud, Lxm, (_, _, _, _) => ValueTask.FromResult<PublicKey?>(null), Now));

        Assert.Equal(JwtError.BadSignature, e.Error);
    }

    public void Dispose()
    {
        _k256.Dispose();
        _p256.Dispose();
    }

    private string Make(SigningKey? signer = null) =>
        ServiceJwt.CreateAsync(signer ?? _k256, Iss, Aud, Lxm, Now, Now.AddSeconds(60)).AsTask().GetAwaiter().GetResult();

    private string Forge(SigningKey key, string header = """{"typ":"JWT","alg":"ES256"}""", string? payload = null) =>
        JwtForge.Signed(key, header, payload ?? Payload());

    private string Payload(string iss = Iss, string aud = Aud, string? lxm = Lxm, DateTimeOffset? exp = null, DateTimeOffset? iat = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["iat"] = (iat ?? Now).ToUnixTimeSeconds(),
            ["iss"] = iss,
            ["aud"] = aud,
        };
        if (exp != DateTimeOffset.MinValue)
        {
            fields["exp"] = (exp ?? Now.AddSeconds(60)).ToUnixTimeSeconds();
        }
        if (lxm is not null)
        {
            fields["lxm"] = lxm;
        }
        return JsonSerializer.Serialize(fields);
    }

    private static string HighS(string token, KeyAlgorithm algorithm)
    {
        var n = BigInteger.Parse(
            algorithm == KeyAlgorithm.K256
                ? "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"
                : "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
            NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var parts = token.Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var highS = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var forged = new byte[64];
        signature.AsSpan(0, 32).CopyTo(forged);
        highS.CopyTo(forged.AsSpan(64 - highS.Length));
        return parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(forged);
    }
}
