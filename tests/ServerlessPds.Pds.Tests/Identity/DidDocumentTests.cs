using System.Text.Json.Nodes;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Identity;

public class DidDocumentTests
{
    // Served by @did-plc/server 0.0.1 for a DID created by @did-plc/lib: relative ids, the legacy secp256k1 suite
    // with an uncompressed point. The did:key of the same signing key is SigningDidKey.
    private const string LegacyPlcDocument = """
        {"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/suites/secp256k1-2019/v1"],
         "id":"did:plc:b3srko2z2l3budtdnqe76lyc","alsoKnownAs":["at://alice.test"],
         "verificationMethod":[{"id":"#atproto","type":"EcdsaSecp256k1VerificationKey2019","controller":"did:plc:b3srko2z2l3budtdnqe76lyc",
           "publicKeyMultibase":"zPwCWS8uXt4SHifPdGFCdBv5Z4cLHNi7jwfuHoBBDwNjBHzyS8hFuMod4J3SJ4BEzzDrdrJDDXNo2TFyTz3eKf5YY"}],
         "service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer","serviceEndpoint":"https://pds.test"}]}
        """;

    private const string SigningDidKey = "did:key:zQ3shnvgmdDq21PxSCCgygsKHMoWwLH17McqZi1Cj3JzhDL6m";

    // The current plc.directory form: absolute ids, Multikey, extra contexts and fields.
    private const string ModernDocument = """
        {"@context":["https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1","https://w3id.org/security/suites/secp256k1-2019/v1"],
         "id":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","alsoKnownAs":["at://atproto.com"],
         "verificationMethod":[{"id":"did:plc:ewvi7nxzyoun6zhxrhs64oiz#atproto","type":"Multikey","controller":"did:plc:ewvi7nxzyoun6zhxrhs64oiz",
           "publicKeyMultibase":"zQ3shnvgmdDq21PxSCCgygsKHMoWwLH17McqZi1Cj3JzhDL6m","extra":true}],
         "service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer","serviceEndpoint":"https://enoki.us-east.host.bsky.network"},
                    {"id":"#other","type":"Something","serviceEndpoint":{"origins":["https://a.example"]}}],
         "authentication":["#atproto"],"unknownTopLevel":{"a":1}}
        """;

    [Fact]
    public void Parse_LegacyPlcDocument_ReadsHandleKeyAndEndpoint()
    {
        var document = DidDocument.Parse(LegacyPlcDocument);

        Assert.Equal("did:plc:b3srko2z2l3budtdnqe76lyc", document.Id.Value);
        Assert.Equal(Handle.Parse("alice.test"), document.Handle);
        Assert.Equal(PublicKey.FromDidKey(SigningDidKey), document.SigningKey);
        Assert.Equal(new Uri("https://pds.test"), document.PdsEndpoint);
    }

    [Fact]
    public void Parse_ModernDocumentWithUnknownFields_ReadsHandleKeyAndEndpoint()
    {
        var document = DidDocument.Parse(System.Text.Encoding.UTF8.GetBytes(ModernDocument));

        Assert.Equal(Handle.Parse("atproto.com"), document.Handle);
        Assert.Equal(PublicKey.FromDidKey(SigningDidKey), document.SigningKey);
        Assert.Equal("https://enoki.us-east.host.bsky.network/", document.PdsEndpoint!.ToString());
        Assert.Null(document.Services[1].Endpoint);
        Assert.Equal(3, document.Context.Count);
    }

    [Fact]
    public void CreateAtproto_ToJsonAndParse_RoundTrips()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.P256);
        var did = Did.Parse("did:web:alice.example.com");

        var document = DidDocument.CreateAtproto(did, Handle.Parse("alice.example.com"), key.PublicKey, new Uri("https://pds.example.com"));
        var json = JsonNode.Parse(document.ToJson())!;
        var parsed = DidDocument.Parse(document.ToJson());

        Assert.Equal(
            ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1", "https://w3id.org/security/suites/secp256k1-2019/v1"],
            json["@context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("did:web:alice.example.com#atproto", (string?)json["verificationMethod"]![0]!["id"]);
        Assert.Equal("Multikey", (string?)json["verificationMethod"]![0]!["type"]);
        Assert.Equal(did.Value, (string?)json["verificationMethod"]![0]!["controller"]);
        Assert.Equal(key.PublicKey.ToMultikey(), (string?)json["verificationMethod"]![0]!["publicKeyMultibase"]);
        Assert.Equal("#atproto_pds", (string?)json["service"]![0]!["id"]);
        Assert.Equal("https://pds.example.com", (string?)json["service"]![0]!["serviceEndpoint"]);
        Assert.Equal(["at://alice.example.com"], json["alsoKnownAs"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(document.ToJson(), parsed.ToJson());
        Assert.Equal(key.PublicKey, parsed.SigningKey);
        Assert.Equal(Handle.Parse("alice.example.com"), parsed.Handle);
    }

    public static TheoryData<string, string[], string?> HandleCases() => new()
    {
        { "first at:// wins", ["https://x.example", "at://alice.test", "at://bob.test"], "alice.test" },
        { "normalized to lowercase", ["at://Alice.Test"], "alice.test" },
        { "none", ["https://alice.test"], null },
        { "empty", [], null },
        { "first at:// invalid hides the rest", ["at://not a handle", "at://bob.test"], null },
        { "path is not a handle", ["at://alice.test/app.bsky.feed.post"], null },
        { "a DID is not a handle", ["at://did:plc:ewvi7nxzyoun6zhxrhs64oiz"], null },
    };

    [Theory]
    [MemberData(nameof(HandleCases))]
    public void Handle_AlsoKnownAs_IsTheFirstAtAliasWhenValid(string why, string[] alsoKnownAs, string? expected)
    {
        var document = new DidDocument(Did.Parse("did:web:example.com"), alsoKnownAs, [], []);

        Assert.True(expected == document.Handle?.Value, why);
    }

    public static TheoryData<string, string, string, string?> SigningKeyCases()
    {
        using var k256 = SigningKey.Generate(KeyAlgorithm.K256);
        using var p256 = SigningKey.Generate(KeyAlgorithm.P256);
        var did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
        return new()
        {
            { "multikey, absolute id", $"{did}#atproto", $"{{\"type\":\"Multikey\",\"publicKeyMultibase\":\"{p256.PublicKey.ToMultikey()}\"}}", p256.PublicKey.ToDidKey() },
            { "multikey, relative id", "#atproto", $"{{\"type\":\"Multikey\",\"publicKeyMultibase\":\"{k256.PublicKey.ToMultikey()}\"}}", k256.PublicKey.ToDidKey() },
            { "legacy k256 compressed", "#atproto", $"{{\"type\":\"EcdsaSecp256k1VerificationKey2019\",\"publicKeyMultibase\":\"{k256.PublicKey.ToLegacyMultibase()}\"}}", k256.PublicKey.ToDidKey() },
            { "legacy p256 compressed", "#atproto", $"{{\"type\":\"EcdsaSecp256r1VerificationKey2019\",\"publicKeyMultibase\":\"{p256.PublicKey.ToLegacyMultibase()}\"}}", p256.PublicKey.ToDidKey() },
            { "another DID's fragment", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa#atproto", $"{{\"type\":\"Multikey\",\"publicKeyMultibase\":\"{k256.PublicKey.ToMultikey()}\"}}", null },
            { "another fragment", "#atproto_label", $"{{\"type\":\"Multikey\",\"publicKeyMultibase\":\"{k256.PublicKey.ToMultikey()}\"}}", null },
            { "unknown type", "#atproto", $"{{\"type\":\"JsonWebKey2020\",\"publicKeyMultibase\":\"{k256.PublicKey.ToMultikey()}\"}}", null },
            { "multikey given as legacy", "#atproto", $"{{\"type\":\"EcdsaSecp256k1VerificationKey2019\",\"publicKeyMultibase\":\"{k256.PublicKey.ToMultikey()}\"}}", null },
            { "no multibase", "#atproto", "{\"type\":\"Multikey\",\"publicKeyJwk\":{}}", null },
            { "garbage key", "#atproto", "{\"type\":\"Multikey\",\"publicKeyMultibase\":\"z111\"}", null },
        };
    }

    [Theory]
    [MemberData(nameof(SigningKeyCases))]
    public void SigningKey_VerificationMethod_IsDecodedOnlyForAtprotoId(string why, string id, string method, string? expectedDidKey)
    {
        var methodJson = JsonNode.Parse(method)!.AsObject();
        methodJson["id"] = id;
        methodJson["controller"] = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
        var json = new JsonObject { ["id"] = "did:plc:ewvi7nxzyoun6zhxrhs64oiz", ["verificationMethod"] = new JsonArray(methodJson) };

        var document = DidDocument.Parse(json.ToJsonString());

        Assert.True(expectedDidKey == document.SigningKey?.ToDidKey(), why);
    }

    public static TheoryData<string, string, string?> PdsCases() => new()
    {
        { "relative id", "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://pds.example.com\"}", "https://pds.example.com/" },
        { "absolute id, port", "{\"id\":\"did:web:example.com#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"http://localhost:2583\"}", "http://localhost:2583/" },
        { "wrong type", "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoLabeler\",\"serviceEndpoint\":\"https://pds.example.com\"}", null },
        { "not http", "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"wss://pds.example.com\"}", null },
        { "relative URL", "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"/pds\"}", null },
        { "map endpoint", "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":{\"uri\":\"https://pds.example.com\"}}", null },
        { "other id", "{\"id\":\"#atproto_labeler\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://pds.example.com\"}", null },
    };

    [Theory]
    [MemberData(nameof(PdsCases))]
    public void PdsEndpoint_Service_IsReadOnlyForAtprotoPds(string why, string service, string? expected)
    {
        var document = DidDocument.Parse($"{{\"id\":\"did:web:example.com\",\"service\":[{service}]}}");

        Assert.True(expected == document.PdsEndpoint?.ToString(), why);
    }

    public static TheoryData<string, string> InvalidDocuments() => new()
    {
        { "not JSON", "{" },
        { "not an object", "[]" },
        { "trailing data", "{\"id\":\"did:web:example.com\"} x" },
        { "no id", "{\"alsoKnownAs\":[]}" },
        { "id not a DID", "{\"id\":\"example.com\"}" },
        { "id a number", "{\"id\":5}" },
        { "alsoKnownAs a string", "{\"id\":\"did:web:example.com\",\"alsoKnownAs\":\"at://a.test\"}" },
        { "alsoKnownAs item a number", "{\"id\":\"did:web:example.com\",\"alsoKnownAs\":[1]}" },
        { "verificationMethod an object", "{\"id\":\"did:web:example.com\",\"verificationMethod\":{}}" },
        { "verificationMethod item a string", "{\"id\":\"did:web:example.com\",\"verificationMethod\":[\"#atproto\"]}" },
        { "method without type", "{\"id\":\"did:web:example.com\",\"verificationMethod\":[{\"id\":\"#atproto\",\"controller\":\"did:web:example.com\"}]}" },
        { "method without controller", "{\"id\":\"did:web:example.com\",\"verificationMethod\":[{\"id\":\"#atproto\",\"type\":\"Multikey\"}]}" },
        { "method multibase a number", "{\"id\":\"did:web:example.com\",\"verificationMethod\":[{\"id\":\"#atproto\",\"type\":\"Multikey\",\"controller\":\"x\",\"publicKeyMultibase\":1}]}" },
        { "service without endpoint", "{\"id\":\"did:web:example.com\",\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\"}]}" },
        { "service endpoint a number", "{\"id\":\"did:web:example.com\",\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":1}]}" },
        { "service type an array", "{\"id\":\"did:web:example.com\",\"service\":[{\"id\":\"#atproto_pds\",\"type\":[\"AtprotoPersonalDataServer\"],\"serviceEndpoint\":\"https://a.example\"}]}" },
        { "context a number", "{\"@context\":1,\"id\":\"did:web:example.com\"}" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Parse_WrongTypes_ThrowsFormatException(string why, string json)
    {
        var e = Assert.ThrowsAny<FormatException>(() => DidDocument.Parse(json));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Fact]
    public void Parse_MinimalDocument_HasNoAtprotoFacts()
    {
        var document = DidDocument.Parse("{\"id\":\"did:web:example.com\"}");

        Assert.Empty(document.AlsoKnownAs);
        Assert.Empty(document.Context);
        Assert.Null(document.Handle);
        Assert.Null(document.SigningKey);
        Assert.Null(document.PdsEndpoint);
    }
}
