using System.Numerics;
using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Crypto;

public class PublicKeyTests
{
    public static TheoryData<string, string, string, string, string, string, string, bool, string> SignatureFixtures()
    {
        var rows = new TheoryData<string, string, string, string, string, string, string, bool, string>();
        foreach (var c in InteropVectors.JsonArray("crypto/signature-fixtures.json"))
        {
            rows.Add(
                c.GetProperty("comment").GetString()!,
                c.GetProperty("algorithm").GetString()!,
                c.GetProperty("didDocSuite").GetString()!,
                c.GetProperty("publicKeyDid").GetString()!,
                c.GetProperty("publicKeyMultibase").GetString()!,
                c.GetProperty("messageBase64").GetString()!,
                c.GetProperty("signatureBase64").GetString()!,
                c.GetProperty("validSignature").GetBoolean(),
                string.Join(',', c.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        }

        return rows;
    }

    public static TheoryData<string> BadDidKeys() => new()
    {
        string.Empty,
        "did:key:",
        "did:key:z",
        "did:web:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc",
        "DID:KEY:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc",
        "zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc",
        "did:key:Q3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc",
        "did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJw",
        "did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc1",
        "did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJw0",
        "did:key:bqqaqcmz6mj5ixdqjlg5k6bfghwkdyyaogm2lkfbv36sihzzr4wlk3kzz",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "did:key:z" + new string('2', 200),
    };

    [Theory]
    [MemberData(nameof(SignatureFixtures))]
    public void Verify_InteropSignatureFixture_MatchesExpectedValidity(
        string comment, string jwtAlgorithm, string suite, string didKey, string multibase, string message, string signature, bool valid, string tags)
    {
        var key = PublicKey.FromDidKey(didKey);
        var data = FromUnpaddedBase64(message);
        var sig = FromUnpaddedBase64(signature);

        Assert.True(valid == key.Verify(data, sig), comment);
        Assert.Equal(jwtAlgorithm, key.Algorithm.JwtAlgorithm);
        Assert.Equal(suite, key.Algorithm.DidDocumentSuite);
        Assert.Equal(didKey, key.ToDidKey());
        Assert.Equal(key, PublicKey.FromLegacyMultibase(key.Algorithm, multibase));
        Assert.Equal(multibase, key.ToLegacyMultibase());
        if (tags.Contains("high-s", StringComparison.Ordinal))
        {
            Assert.True(PlatformEcdsa.Verify(key, data, sig, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), "the high-S fixture is otherwise valid");
            Assert.True(key.Verify(data, PlatformEcdsa.Twin(key.Algorithm, sig)), "its low-S twin verifies");
        }

        if (tags.Contains("der-encoded", StringComparison.Ordinal))
        {
            Assert.True(PlatformEcdsa.Verify(key, data, sig, DSASignatureFormat.Rfc3279DerSequence), "the DER fixture is otherwise valid");
        }
    }

    [Theory]
    [MemberData(nameof(BadDidKeys))]
    public void FromDidKey_Malformed_ThrowsKeyFormatException(string didKey)
    {
        Assert.Throws<KeyFormatException>(() => PublicKey.FromDidKey(didKey));
    }

    [Fact]
    public void FromDidKey_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => PublicKey.FromDidKey(null!));
    }

    [Fact]
    public void ToDidKey_BothCurves_UseTheirMulticodecPrefixes()
    {
        using var k256 = SigningKey.Generate(KeyAlgorithm.K256);
        using var p256 = SigningKey.Generate(KeyAlgorithm.P256);

        Assert.StartsWith("did:key:zQ3sh", k256.PublicKey.ToDidKey(), StringComparison.Ordinal);
        Assert.StartsWith("did:key:zDnae", p256.PublicKey.ToDidKey(), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xE7, 0x01 }, Multibase.Decode(k256.PublicKey.ToMultikey())[..2]);
        Assert.Equal(new byte[] { 0x80, 0x24 }, Multibase.Decode(p256.PublicKey.ToMultikey())[..2]);
    }

    [Theory]
    [InlineData("k256")]
    [InlineData("p256")]
    public void Encodings_RandomKeys_RoundTripAndAgreeWithPlatform(string name)
    {
        var algorithm = KeyAlgorithm.All.Single(a => a.Name == name);
        var parities = new HashSet<byte>();
        for (var i = 0; i < 64; i++)
        {
            using var ecdsa = ECDsa.Create(PlatformEcdsa.Curve(algorithm));
            var q = ecdsa.ExportParameters(false).Q;
            byte[] uncompressed = [0x04, .. q.X!, .. q.Y!];

            var key = PublicKey.FromUncompressed(algorithm, uncompressed);
            var compressed = key.ToCompressed();
            parities.Add(compressed[0]);

            Assert.Equal(PublicKey.CompressedLength, compressed.Length);
            Assert.Equal(q.X, compressed[1..]);
            Assert.Equal(uncompressed, PublicKey.FromCompressed(algorithm, compressed).ToUncompressed());
            Assert.Equal(key, PublicKey.FromDidKey(key.ToDidKey()));
            Assert.Equal(key, PublicKey.FromMultikey(key.ToMultikey()));
            Assert.Equal(key.ToDidKey(), "did:key:" + key.ToMultikey());
            Assert.Equal(key, PublicKey.FromLegacyMultibase(algorithm, Multibase.EncodeBase58Btc(uncompressed)));
            Assert.Equal(key.GetHashCode(), PublicKey.FromCompressed(algorithm, compressed).GetHashCode());
        }

        Assert.Equal(new byte[] { 0x02, 0x03 }, parities.Order());
    }

    [Theory]
    [InlineData("k256")]
    [InlineData("p256")]
    public void FromCompressed_RandomX_AcceptsExactlyTheXsOfCurvePoints(string name)
    {
        var algorithm = KeyAlgorithm.All.Single(a => a.Name == name);
        var curve = PlatformEcdsa.ExplicitParameters(algorithm).Curve;
        var p = new BigInteger(curve.Prime, isUnsigned: true, isBigEndian: true);
        var a = new BigInteger(curve.A, isUnsigned: true, isBigEndian: true);
        var b = new BigInteger(curve.B, isUnsigned: true, isBigEndian: true);
        var random = new Random(name.Length + 3);
        var accepted = 0;
        var candidate = new byte[PublicKey.CompressedLength];
        for (var i = 0; i < 300; i++)
        {
            random.NextBytes(candidate);
            candidate[0] = (byte)(2 + (i & 1));
            var x = new BigInteger(candidate.AsSpan(1), isUnsigned: true, isBigEndian: true);
            var rhs = BigInteger.Remainder((x * x * x) + (a * x) + b, p);
            var onCurve = x < p && (rhs.IsZero || BigInteger.ModPow(rhs, (p - 1) / 2, p).IsOne);

            PublicKey? key = null;
            try
            {
                key = PublicKey.FromCompressed(algorithm, candidate);
            }
            catch (KeyFormatException)
            {
            }

            Assert.Equal(onCurve, key is not null);
            if (key is null)
            {
                continue;
            }

            accepted++;
            var point = key.ToUncompressed();
            Assert.Equal(candidate[0] == 3, (point[^1] & 1) == 1);
            using (ECDsa.Create(new ECParameters { Curve = PlatformEcdsa.Curve(algorithm), Q = new ECPoint { X = point[1..33], Y = point[33..] } }))
            {
                // the platform checks the point is on the curve on import
            }

            point[^1] ^= 1;
            Assert.Throws<KeyFormatException>(() => PublicKey.FromUncompressed(algorithm, point));
        }

        Assert.InRange(accepted, 100, 200);
    }

    [Fact]
    public void FromCompressedAndUncompressed_WrongShape_ThrowKeyFormatException()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        var compressed = key.PublicKey.ToCompressed();
        var uncompressed = key.PublicKey.ToUncompressed();
        var p = PlatformEcdsa.ExplicitParameters(KeyAlgorithm.K256).Curve.Prime!;

        Assert.Throws<KeyFormatException>(() => PublicKey.FromCompressed(KeyAlgorithm.K256, compressed[..32]));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromCompressed(KeyAlgorithm.K256, [0x04, .. compressed[1..]]));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromCompressed(KeyAlgorithm.K256, [0x02, .. p]));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromCompressed(KeyAlgorithm.K256, uncompressed));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromUncompressed(KeyAlgorithm.K256, compressed));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromUncompressed(KeyAlgorithm.K256, [0x02, .. uncompressed[1..]]));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromUncompressed(KeyAlgorithm.K256, [0x04, .. p, .. uncompressed[33..]]));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromUncompressed(KeyAlgorithm.P256, uncompressed));
    }

    [Fact]
    public void Equals_SamePointOtherCurveOrOtherPoint_DiffersAsExpected()
    {
        using var a = SigningKey.Generate(KeyAlgorithm.P256);
        using var b = SigningKey.Generate(KeyAlgorithm.P256);
        var copy = PublicKey.FromDidKey(a.PublicKey.ToString());

        Assert.Equal(a.PublicKey, copy);
        Assert.True(a.PublicKey.Equals((object)copy));
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.False(a.PublicKey.Equals(null));
    }

    internal static byte[] FromUnpaddedBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }
}
