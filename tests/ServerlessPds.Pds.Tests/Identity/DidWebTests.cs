using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Identity;

public class DidWebTests
{
    public static TheoryData<string, string?> DocumentUrls() => new()
    {
        { "did:web:example.com", "https://example.com/.well-known/did.json" },
        { "did:web:alice.pds.example.com", "https://alice.pds.example.com/.well-known/did.json" },
        { "did:web:localhost", "http://localhost/.well-known/did.json" },
        { "did:web:localhost%3A2583", "http://localhost:2583/.well-known/did.json" },
        { "did:web:example.com%3A8443", null },
        { "did:web:example.com:path", null },
        { "did:web:Example.com", null },
        { "did:web:example.local", null },
        { "did:web:localhost%3A0", null },
        { "did:web:localhost%3A99999", null },
        { "did:web:localhost%3A", null },
        { "did:web:127.0.0.1", null },
        { "did:web:com", null },
        { "did:plc:ewvi7nxzyoun6zhxrhs64oiz", null },
    };

    [Theory]
    [MemberData(nameof(DocumentUrls))]
    public void GetDocumentUrl_Did_IsWellKnownUrlOrRejected(string did, string? expected)
    {
        var parsed = Did.Parse(did);

        Assert.Equal(expected is not null, DidWeb.IsSupported(parsed));
        if (expected is null)
        {
            Assert.Throws<ArgumentException>(() => DidWeb.GetDocumentUrl(parsed));
        }
        else
        {
            Assert.Equal(expected, DidWeb.GetDocumentUrl(parsed).ToString());
        }
    }

    [Fact]
    public void FromHost_HostAndPort_BuildsSupportedDid()
    {
        Assert.Equal("did:web:alice.example.com", DidWeb.FromHost("Alice.Example.com").Value);
        Assert.Equal("did:web:localhost%3A2583", DidWeb.FromHost("localhost", 2583).Value);
        Assert.True(DidWeb.TryGetHost(DidWeb.FromHost("localhost", 2583), out var host, out var port));
        Assert.Equal(("localhost", 2583), (host, port));
        Assert.Throws<ArgumentException>(() => DidWeb.FromHost("example.com", 443));
        Assert.Throws<ArgumentException>(() => DidWeb.FromHost("example.onion"));
        Assert.Throws<ArgumentException>(() => DidWeb.FromHost("not a host"));
    }
}
