using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Identity;

/// <summary>Our PLC encoding against operations built by @did-plc/lib (tests/fixtures/plc-reference).</summary>
public class PlcReferenceTests
{
    public static TheoryData<string> AllCases() => new(PlcReferenceFixture.Names());

    public static TheoryData<string> GenesisCases() => new(PlcReferenceFixture.Names("genesis"));

    public static TheoryData<string> UpdateCases() =>
        new(PlcReferenceFixture.Names().Where(n => PlcReferenceFixture.Case(n).GetProperty("kind").GetString()!.StartsWith("update", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Parse_ReferenceOperation_EncodesToSameBytesAndCid(string name)
    {
        var fixture = PlcReferenceFixture.Case(name);
        var operation = PlcLogOperation.FromJson(fixture.GetProperty("op"));

        Assert.Equal(fixture.GetProperty("unsignedHex").GetString(), Convert.ToHexStringLower(operation.ToUnsignedDagCbor()));
        Assert.Equal(fixture.GetProperty("signedHex").GetString(), Convert.ToHexStringLower(operation.ToDagCbor()));
        Assert.Equal(fixture.GetProperty("cid").GetString(), operation.Cid.ToString());
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void FindSigner_ReferenceOperation_IsTheSigningRotationKey(string name)
    {
        var fixture = PlcReferenceFixture.Case(name);
        var operation = PlcLogOperation.FromJson(fixture.GetProperty("op"));
        var signer = fixture.GetProperty("inputs").GetProperty("signer").GetString()!;

        Assert.Equal(signer, operation.FindSigner(AllFixtureKeys()));
        Assert.True(operation.Verify(PublicKey.FromDidKey(signer)));
    }

    [Theory]
    [MemberData(nameof(GenesisCases))]
    public void FromGenesis_ReferenceGenesis_GivesReferenceDid(string name)
    {
        var fixture = PlcReferenceFixture.Case(name);
        var genesis = (PlcOperation)PlcLogOperation.FromJson(fixture.GetProperty("op"));

        Assert.Equal(fixture.GetProperty("did").GetString(), PlcDid.FromGenesis(genesis).Value);
    }

    [Theory]
    [MemberData(nameof(GenesisCases))]
    public void CreateAtproto_ReferenceInputs_BuildsSameUnsignedBytes(string name)
    {
        var fixture = PlcReferenceFixture.Case(name);
        var inputs = fixture.GetProperty("inputs");
        var operation = PlcOperation.CreateAtproto(
            Handle.Parse(inputs.GetProperty("handle").GetString()!),
            PublicKey.FromDidKey(inputs.GetProperty("signingKey").GetProperty("didKey").GetString()!),
            inputs.GetProperty("rotationKeys").EnumerateArray().Select(k => PublicKey.FromDidKey(k.GetProperty("didKey").GetString()!)),
            new Uri(inputs.GetProperty("pds").GetString()!));

        Assert.False(operation.IsSigned);
        Assert.Equal(fixture.GetProperty("unsignedHex").GetString(), Convert.ToHexStringLower(operation.ToUnsignedDagCbor()));
    }

    [Theory]
    [MemberData(nameof(UpdateCases))]
    public void Next_ReferenceUpdate_BuildsSameUnsignedBytes(string name)
    {
        var fixture = PlcReferenceFixture.Case(name);
        var previous = (PlcOperation)PlcLogOperation.FromJson(PlcReferenceFixture.Case(fixture.GetProperty("previous").GetString()!).GetProperty("op"));
        var value = fixture.GetProperty("inputs").GetProperty("value").GetString()!;
        var next = fixture.GetProperty("kind").GetString() switch
        {
            "updateHandle" => previous.NextWithHandle(Handle.Parse(value)),
            "updatePds" => previous.NextWithPdsEndpoint(new Uri(value)),
            "updateAtprotoKey" => previous.NextWithAtprotoSigningKey(PublicKey.FromDidKey(value)),
            var kind => throw new InvalidOperationException(kind),
        };

        Assert.Equal(previous.Cid.ToString(), next.Prev);
        Assert.Equal(fixture.GetProperty("unsignedHex").GetString(), Convert.ToHexStringLower(next.ToUnsignedDagCbor()));
    }

    [Fact]
    public void Create_ReferenceTombstone_BuildsSameUnsignedBytes()
    {
        var fixture = PlcReferenceFixture.Case("tombstone");
        var previous = PlcLogOperation.FromJson(PlcReferenceFixture.Case(fixture.GetProperty("previous").GetString()!).GetProperty("op"));

        var tombstone = PlcTombstone.Create(previous.Cid);

        Assert.Equal(fixture.GetProperty("unsignedHex").GetString(), Convert.ToHexStringLower(tombstone.ToUnsignedDagCbor()));
        Assert.IsType<PlcTombstone>(PlcLogOperation.FromJson(fixture.GetProperty("op")));
    }

    [Fact]
    public async Task SignAsync_FixtureKeyOnReferenceInputs_VerifiesAndKeepsUnsignedBytes()
    {
        var fixture = PlcReferenceFixture.Case("genesis-signed-by-p256");
        using var rotation = PlcReferenceFixture.Key("rotation-2", KeyAlgorithm.P256);
        var reference = (PlcOperation)PlcLogOperation.FromJson(fixture.GetProperty("op"));
        Assert.Equal(rotation.PublicKey.ToDidKey(), reference.RotationKeys[0]);

        var ours = await PlcOperation.Create(reference.RotationKeys, reference.VerificationMethods, reference.AlsoKnownAs, reference.Services, prev: null)
            .SignAsync(rotation);

        Assert.True(ours.Verify(rotation.PublicKey));
        Assert.Equal(reference.ToUnsignedDagCbor(), ours.ToUnsignedDagCbor());
        Assert.Equal(PlcOperation.SignatureChars, ours.Signature!.Length);
    }

    private static List<string> AllFixtureKeys()
    {
        var keys = new List<string>();
        foreach (var (label, algorithm) in new[] { ("rotation-1", KeyAlgorithm.K256), ("rotation-2", KeyAlgorithm.P256), ("recovery-1", KeyAlgorithm.K256) })
        {
            using var key = PlcReferenceFixture.Key(label, algorithm);
            keys.Add(key.PublicKey.ToDidKey());
        }

        return keys;
    }
}
