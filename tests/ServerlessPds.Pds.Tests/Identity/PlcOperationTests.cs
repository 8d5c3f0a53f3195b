using System.Text.Json.Nodes;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Identity;

public class PlcOperationTests
{
    private static readonly Uri Pds = new("https://pds.example.com");

    public static TheoryData<string, string> InvalidOperations()
    {
        var data = new TheoryData<string, string>();
        void Add(string why, Action<JsonObject> mutate)
        {
            var op = JsonNode.Parse(PlcReferenceFixture.Case("genesis-k256").GetProperty("op").GetRawText())!.AsObject();
            mutate(op);
            data.Add(why, op.ToJsonString());
        }

        Add("missing rotationKeys", op => op.Remove("rotationKeys"));
        Add("missing prev", op => op.Remove("prev"));
        Add("missing services", op => op.Remove("services"));
        Add("rotationKeys not an array", op => op["rotationKeys"] = "did:key:zQ3shPGopQ66ge9AYNaEgvVwJzf8LDC4apmzGrhMkyJeu57FY");
        Add("rotation key not a string", op => op["rotationKeys"] = new JsonArray(1));
        Add("no rotation keys", op => op["rotationKeys"] = new JsonArray());
        Add("six rotation keys", op => op["rotationKeys"] = new JsonArray([.. Enumerable.Range(0, 6).Select(_ => (JsonNode?)NewDidKey())]));
        Add("duplicate rotation key", op => op["rotationKeys"]!.AsArray().Add(op["rotationKeys"]![0]!.GetValue<string>()));
        Add("rotation key not a did:key", op => op["rotationKeys"] = new JsonArray("did:web:example.com"));
        Add("rotation key of unknown curve", op => op["rotationKeys"] = new JsonArray("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"));
        Add("verification method not a did:key", op => op["verificationMethods"]!["atproto"] = "zQ3shjnTh53kmCRUbRfaPuGAwty275SaV9UtNheF2ZcUv86Q7");
        Add("verification method id with #", op => op["verificationMethods"] = new JsonObject { ["#atproto"] = NewDidKey() });
        Add("eleven verification methods", op => op["verificationMethods"] = new JsonObject(Enumerable.Range(0, 11).Select(i => KeyValuePair.Create<string, JsonNode?>($"k{i}", NewDidKey()))));
        Add("verificationMethods an array", op => op["verificationMethods"] = new JsonArray());
        Add("alsoKnownAs entry not a string", op => op["alsoKnownAs"] = new JsonArray(JsonValue.Create(false)));
        Add("service without endpoint", op => op["services"]!["atproto_pds"]!.AsObject().Remove("endpoint"));
        Add("service with extra field", op => op["services"]!["atproto_pds"]!["priority"] = 1);
        Add("service not an object", op => op["services"]!["atproto_pds"] = "https://pds.example.com");
        Add("prev not a CID", op => op["prev"] = "not-a-cid");
        Add("prev a number", op => op["prev"] = 7);
        Add("prev an uppercase CID", op => op["prev"] = "BAFYREIAO4UKTWWOS6YNA4Y3MBH7S6AVGF3VPSMHGLCRFJ5B73ACBXETIOY");
        Add("unknown field", op => op["extra"] = "x");
        Add("sig with padding", op => op["sig"] = op["sig"]!.GetValue<string>() + "==");
        Add("sig with base64 (not url) characters", op => op["sig"] = op["sig"]!.GetValue<string>().Replace('_', '/').Replace('-', '+'));
        Add("sig not a string", op => op["sig"] = 3);
        Add("unknown type", op => op["type"] = "plc_something");
        Add("legacy create", op => op["type"] = "create");
        Add("type not a string", op => op["type"] = 1);
        data.Add("not an object", "[1]");
        data.Add("not JSON", "{\"type\":");
        data.Add("tombstone without prev", "{\"type\":\"plc_tombstone\",\"sig\":\"abc\"}");
        data.Add("tombstone with extra field", "{\"type\":\"plc_tombstone\",\"prev\":\"bafyreiao4uktwwos6yna4y3mbh7s6avgf3vpsmhglcrfj5b73acbxetioy\",\"x\":1}");
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidOperations))]
    public void Parse_InvalidOperation_ThrowsFormatException(string why, string json)
    {
        var e = Assert.ThrowsAny<FormatException>(() => PlcLogOperation.Parse(json));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), why);
    }

    [Fact]
    public async Task SignAsync_NewGenesis_VerifiesOnlyWithTheSigner()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        using var other = SigningKey.Generate(KeyAlgorithm.K256);
        using var signing = SigningKey.Generate(KeyAlgorithm.P256);
        var unsigned = PlcOperation.CreateAtproto(Handle.Parse("Alice.Test"), signing.PublicKey, [rotation.PublicKey], Pds);

        var signed = await unsigned.SignAsync(rotation);

        Assert.False(unsigned.Verify(rotation.PublicKey));
        Assert.True(signed.Verify(rotation.PublicKey));
        Assert.False(signed.Verify(other.PublicKey));
        Assert.Equal(rotation.PublicKey.ToDidKey(), signed.FindSigner([other.PublicKey.ToDidKey(), "did:key:zbad", rotation.PublicKey.ToDidKey()]));
        Assert.Null(signed.FindSigner([other.PublicKey.ToDidKey()]));
        Assert.Equal(Handle.Parse("alice.test"), signed.Handle);
        Assert.Equal(signing.PublicKey, signed.AtprotoSigningKey);
        Assert.Equal("https://pds.example.com", signed.PdsEndpoint);
        Assert.Equal(["at://alice.test"], signed.AlsoKnownAs);
        Assert.Null(signed.Prev);
    }

    [Fact]
    public async Task Verify_TamperedSignatureOrContent_IsFalse()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        var signed = await Genesis(rotation);
        var json = JsonNode.Parse(signed.ToJson())!.AsObject();
        var sig = json["sig"]!.GetValue<string>();
        json["sig"] = (sig[0] == 'A' ? "B" : "A") + sig[1..];
        var badSignature = PlcLogOperation.Parse(json.ToJsonString());
        json["sig"] = sig;
        json["alsoKnownAs"] = new JsonArray("at://mallory.test");
        var badContent = PlcLogOperation.Parse(json.ToJsonString());
        json = JsonNode.Parse(signed.ToJson())!.AsObject();
        json["sig"] = sig[..^2];
        var shortSignature = PlcLogOperation.Parse(json.ToJsonString());

        Assert.False(badSignature.Verify(rotation.PublicKey));
        Assert.False(badContent.Verify(rotation.PublicKey));
        Assert.False(shortSignature.Verify(rotation.PublicKey));
        Assert.Null(badContent.FindSigner([rotation.PublicKey.ToDidKey()]));
    }

    [Fact]
    public async Task ToJson_SignedOperation_ParsesBackToSameBytes()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.P256);
        var signed = await Genesis(rotation);

        var parsed = Assert.IsType<PlcOperation>(PlcLogOperation.Parse(signed.ToJson()));

        Assert.Equal(signed.ToDagCbor(), parsed.ToDagCbor());
        Assert.Equal(signed.Cid, parsed.Cid);
        Assert.Equal(signed.Signature, parsed.Signature);
    }

    [Fact]
    public async Task ToDagCbor_SignedOperation_DecodesToTheDataMapWithCanonicalKeyOrder()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        var signed = await Genesis(rotation);

        var decoded = Assert.IsType<DataMap>(DagCbor.Decode(signed.ToDagCbor()));

        Assert.Equal(signed.ToDataMap(), decoded);
        Assert.Equal(["sig", "prev", "type", "services", "alsoKnownAs", "rotationKeys", "verificationMethods"], decoded.CanonicalKeys());
        Assert.Equal(DataValue.Null, decoded["prev"]);
        Assert.Equal(Cid.ComputeDagCbor(signed.ToDagCbor()), signed.Cid);
    }

    [Fact]
    public void CidAndToDagCbor_Unsigned_Throw()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        var unsigned = PlcOperation.CreateAtproto(Handle.Parse("alice.test"), rotation.PublicKey, [rotation.PublicKey], Pds);

        Assert.Throws<InvalidOperationException>(() => unsigned.Cid);
        Assert.Throws<InvalidOperationException>(unsigned.ToDagCbor);
        Assert.Throws<InvalidOperationException>(() => unsigned.NextWithHandle(Handle.Parse("bob.test")));
        Assert.Throws<ArgumentException>(() => PlcDid.FromGenesis(unsigned));
        Assert.DoesNotContain("sig", unsigned.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextWithHandle_ReplacesOnlyTheFirstAtAlias()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        var previous = await PlcOperation.Create(
            [rotation.PublicKey.ToDidKey()],
            [],
            ["https://alice.example.com", "at://old.test", "at://other.test"],
            [],
            prev: null).SignAsync(rotation);
        var withoutHandle = await PlcOperation.Create([rotation.PublicKey.ToDidKey()], [], ["https://x.example"], [], prev: null).SignAsync(rotation);

        var next = previous.NextWithHandle(Handle.Parse("new.test"));
        var first = withoutHandle.NextWithHandle(Handle.Parse("new.test"));

        Assert.Equal(["https://alice.example.com", "at://new.test", "at://other.test"], next.AlsoKnownAs);
        Assert.Equal(previous.Cid.ToString(), next.Prev);
        Assert.Equal(["at://new.test", "https://x.example"], first.AlsoKnownAs);
    }

    [Fact]
    public async Task SignAsync_TombstoneAndParse_RoundTrips()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        var genesis = await Genesis(rotation);

        var tombstone = await PlcTombstone.Create(genesis.Cid).SignAsync(rotation);
        var parsed = Assert.IsType<PlcTombstone>(PlcLogOperation.Parse(tombstone.ToJson()));

        Assert.True(parsed.Verify(rotation.PublicKey));
        Assert.Equal(genesis.Cid.ToString(), parsed.Prev);
        Assert.Equal(tombstone.Cid, parsed.Cid);
    }

    public static TheoryData<string, Uri> BadEndpoints() => new()
    {
        { "path", new Uri("https://pds.example.com/xrpc") },
        { "query", new Uri("https://pds.example.com/?a=b") },
        { "fragment", new Uri("https://pds.example.com/#x") },
        { "scheme", new Uri("ftp://pds.example.com") },
        { "user info", new Uri("https://me@pds.example.com") },
        { "relative", new Uri("/pds", UriKind.Relative) },
    };

    [Theory]
    [MemberData(nameof(BadEndpoints))]
    public void CreateAtproto_BadEndpoint_ThrowsArgumentException(string why, Uri endpoint)
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        Assert.Throws<ArgumentException>(() => PlcOperation.CreateAtproto(Handle.Parse("alice.test"), key.PublicKey, [key.PublicKey], endpoint));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void CreateAtproto_EndpointWithPortAndSlash_WritesBareOrigin()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);

        var operation = PlcOperation.CreateAtproto(Handle.Parse("alice.test"), key.PublicKey, [key.PublicKey], new Uri("HTTPS://PDS.Example.com:8443/"));

        Assert.Equal("https://pds.example.com:8443", operation.PdsEndpoint);
    }

    [Fact]
    public void Create_TooManyOrDuplicateRotationKeys_ThrowsArgumentException()
    {
        var keys = Enumerable.Range(0, 6).Select(_ => NewDidKey()).ToList();

        Assert.Throws<ArgumentException>(() => PlcOperation.Create(keys, [], [], [], null));
        Assert.Throws<ArgumentException>(() => PlcOperation.Create([keys[0], keys[0]], [], [], [], null));
        Assert.Throws<ArgumentException>(() => PlcOperation.Create([], [], [], [], null));
        Assert.Equal(5, PlcOperation.Create(keys.Take(5), [], [], [], null).RotationKeys.Count);
    }

    private static Task<PlcOperation> Genesis(SigningKey rotation) =>
        PlcOperation.CreateAtproto(Handle.Parse("alice.test"), rotation.PublicKey, [rotation.PublicKey], Pds).SignAsync(rotation).AsTask();

    private static string NewDidKey()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        return key.PublicKey.ToDidKey();
    }
}
