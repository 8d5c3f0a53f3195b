using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Protocol.Tests.Crypto;

public class KeyAlgorithmTests
{
    public static TheoryData<string, string, ulong, string> Algorithms() => new()
    {
        { "k256", "ES256K", 0xE7UL, "EcdsaSecp256k1VerificationKey2019" },
        { "p256", "ES256", 0x1200UL, "EcdsaSecp256r1VerificationKey2019" },
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Lookups_EachIdentifier_FindTheSameInstance(string name, string jwt, ulong multicodec, string suite)
    {
        var algorithm = KeyAlgorithm.All.Single(a => a.Name == name);

        Assert.Equal(jwt, algorithm.JwtAlgorithm);
        Assert.Equal(multicodec, algorithm.MulticodecCode);
        Assert.Equal(suite, algorithm.DidDocumentSuite);
        Assert.Equal(name, algorithm.ToString());
        Assert.True(KeyAlgorithm.TryFromJwtAlgorithm(jwt, out var byJwt));
        Assert.True(KeyAlgorithm.TryFromMulticodec(multicodec, out var byCode));
        Assert.True(KeyAlgorithm.TryFromDidDocumentSuite(suite, out var bySuite));
        Assert.Same(algorithm, byJwt);
        Assert.Same(algorithm, byCode);
        Assert.Same(algorithm, bySuite);
    }

    [Fact]
    public void Lookups_UnknownIdentifiers_ReturnFalse()
    {
        Assert.False(KeyAlgorithm.TryFromJwtAlgorithm("es256k", out var a));
        Assert.Null(a);
        Assert.False(KeyAlgorithm.TryFromJwtAlgorithm("EdDSA", out _));
        Assert.False(KeyAlgorithm.TryFromJwtAlgorithm(null, out _));
        Assert.False(KeyAlgorithm.TryFromMulticodec(0xED, out _));
        Assert.False(KeyAlgorithm.TryFromMulticodec(0x1201, out _));
        Assert.False(KeyAlgorithm.TryFromDidDocumentSuite(KeyAlgorithm.MultikeyVerificationType, out _));
        Assert.Equal([KeyAlgorithm.K256, KeyAlgorithm.P256], KeyAlgorithm.All);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void CurveParameters_MatchThePlatformsCurve(string name, string jwt, ulong multicodec, string suite)
    {
        _ = (jwt, multicodec, suite);
        var algorithm = KeyAlgorithm.All.Single(a => a.Name == name);
        var curve = PlatformEcdsa.ExplicitParameters(algorithm).Curve;
        var ours = algorithm.Curve;
        using var fromOurs = ECDsa.Create(ours.CreateCurve());

        Assert.Equal(ToInteger(curve.Prime!), ours.P);
        Assert.Equal(ToInteger(curve.A!), ours.A);
        Assert.Equal(ToInteger(curve.B!), ours.B);
        Assert.Equal(ToInteger(curve.Order!), ours.N);
        Assert.Equal(curve.Order, ours.OrderBytes);
        Assert.Equal(ToInteger(curve.Order!) / 2, ToInteger(ours.HalfOrderBytes));
        Assert.Equal(curve.Prime, fromOurs.ExportExplicitParameters(false).Curve.Prime);
        Assert.Equal(3, (int)(ours.P % 4));
    }

    private static System.Numerics.BigInteger ToInteger(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);
}
