using System.Text.Json.Nodes;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>Our did:plc operations against @did-plc/lib, live (tests/node/tools/plc-op.mjs on Node 22), with fresh random keys.</summary>
public sealed class PlcLibCrossCheckTests : IDisposable
{
    private static readonly Uri Pds = new("https://pds.example.com");
    private readonly SigningKey _rotation = SigningKey.Generate(KeyAlgorithm.K256);
    private readonly SigningKey _signing = SigningKey.Generate(KeyAlgorithm.P256);

    public void Dispose()
    {
        _rotation.Dispose();
        _signing.Dispose();
    }

    [Fact]
    public async Task CreateOp_LibGenesis_GivesOurDidCidAndUnsignedBytes()
    {
        var answer = await RunAsync(new JsonObject
        {
            ["mode"] = "create",
            ["privateKeyHex"] = Convert.ToHexStringLower(_rotation.ExportPrivateKey()),
            ["signingKey"] = _signing.PublicKey.ToDidKey(),
            ["handle"] = "alice.test",
            ["pds"] = "https://pds.example.com",
            ["rotationKeys"] = new JsonArray(_rotation.PublicKey.ToDidKey()),
        });
        var ours = PlcOperation.CreateAtproto(Handle.Parse("alice.test"), _signing.PublicKey, [_rotation.PublicKey], Pds);

        var theirs = (PlcOperation)PlcLogOperation.Parse(answer["op"]!.ToJsonString());

        Assert.Equal((string?)answer["unsignedHex"], Convert.ToHexStringLower(ours.ToUnsignedDagCbor()));
        Assert.Equal((string?)answer["signedHex"], Convert.ToHexStringLower(theirs.ToDagCbor()));
        Assert.Equal((string?)answer["did"], PlcDid.FromGenesis(theirs).Value);
        Assert.Equal((string?)answer["cid"], theirs.Cid.ToString());
        Assert.True(theirs.Verify(_rotation.PublicKey));
    }

    [Fact]
    public async Task Inspect_OurSignedGenesis_LibAgreesOnDidCidAndSigner()
    {
        var ours = await PlcOperation.CreateAtproto(Handle.Parse("bob.test"), _signing.PublicKey, [_rotation.PublicKey], Pds).SignAsync(_rotation);

        var answer = await RunAsync(new JsonObject { ["mode"] = "inspect", ["op"] = JsonNode.Parse(ours.ToJson()) });

        Assert.Equal(PlcDid.FromGenesis(ours).Value, (string?)answer["did"]);
        Assert.Equal(ours.Cid.ToString(), (string?)answer["cid"]);
        Assert.Equal(Convert.ToHexStringLower(ours.ToDagCbor()), (string?)answer["signedHex"]);
        Assert.Equal(_rotation.PublicKey.ToDidKey(), (string?)answer["signer"]);
    }

    [Fact]
    public async Task UpdateHandleOp_AfterOurGenesis_MatchesOurNextOperation()
    {
        var genesis = await PlcOperation.CreateAtproto(Handle.Parse("carol.test"), _signing.PublicKey, [_rotation.PublicKey], Pds).SignAsync(_rotation);
        var ours = genesis.NextWithHandle(Handle.Parse("caroline.test"));

        var answer = await RunAsync(new JsonObject
        {
            ["mode"] = "updateHandle",
            ["lastOp"] = JsonNode.Parse(genesis.ToJson()),
            ["privateKeyHex"] = Convert.ToHexStringLower(_rotation.ExportPrivateKey()),
            ["handle"] = "caroline.test",
        });
        var theirs = PlcLogOperation.Parse(answer["op"]!.ToJsonString());

        Assert.Equal(genesis.Cid.ToString(), theirs.Prev);
        Assert.Equal((string?)answer["unsignedHex"], Convert.ToHexStringLower(ours.ToUnsignedDagCbor()));
        Assert.Equal((string?)answer["cid"], theirs.Cid.ToString());
        Assert.True(theirs.Verify(_rotation.PublicKey));
    }

    [Fact]
    public async Task Inspect_TamperedSignature_LibFindsNoSigner()
    {
        var ours = await PlcOperation.CreateAtproto(Handle.Parse("dave.test"), _signing.PublicKey, [_rotation.PublicKey], Pds).SignAsync(_rotation);
        var json = JsonNode.Parse(ours.ToJson())!.AsObject();
        var sig = json["sig"]!.GetValue<string>();
        json["sig"] = sig[..20] + (sig[20] == 'A' ? 'B' : 'A') + sig[21..];

        var answer = await RunAsync(new JsonObject { ["mode"] = "inspect", ["op"] = json });

        Assert.Null((string?)answer["signer"]);
        Assert.Null(PlcLogOperation.Parse(json.ToJsonString()).FindSigner([_rotation.PublicKey.ToDidKey()]));
    }

    private static async Task<JsonNode> RunAsync(JsonObject request) =>
        JsonNode.Parse(await NodeTools.RunAsync("plc-op.mjs", request.ToJsonString()))!;
}
