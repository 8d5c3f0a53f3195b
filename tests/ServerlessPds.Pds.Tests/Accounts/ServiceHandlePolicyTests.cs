using ServerlessPds.Pds.Accounts;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Accounts;

public class ServiceHandlePolicyTests
{
    private readonly ServiceHandlePolicy _policy = new(["pds.example.com", ".second.test"], ["www", "Admin"]);

    [Theory]
    [InlineData("alice.pds.example.com", "alice.pds.example.com")]
    [InlineData(" Alice.PDS.Example.com ", "alice.pds.example.com")]
    [InlineData("bob.second.test", "bob.second.test")]
    [InlineData("abc.second.test", "abc.second.test")]
    [InlineData("a-b-c-d-e-f-g-h-i1.second.test", "a-b-c-d-e-f-g-h-i1.second.test")]
    public void ValidateNewHandle_Allowed_ReturnsNormalized(string input, string expected)
    {
        Assert.Equal(expected, _policy.ValidateNewHandle(input).Value);
    }

    [Theory]
    [InlineData("", "InvalidHandle")]
    [InlineData("alice", "InvalidHandle")]
    [InlineData("alice..pds.example.com", "InvalidHandle")]
    [InlineData("-alice.pds.example.com", "InvalidHandle")]
    [InlineData("alice.example.com", "UnsupportedDomain")]
    [InlineData("alicepds.example.com", "UnsupportedDomain")]
    [InlineData("pds.example.com", "UnsupportedDomain")]
    [InlineData("alice.onion", "InvalidHandle")]
    [InlineData("x.alice.pds.example.com", "InvalidHandle")]
    [InlineData("ab.pds.example.com", "InvalidHandle")]
    [InlineData("abcdefghijklmnopqrs.pds.example.com", "InvalidHandle")]
    [InlineData("www.pds.example.com", "InvalidHandle")]
    [InlineData("admin.second.test", "InvalidHandle")]
    public void ValidateNewHandle_Refused_Throws400(string input, string error)
    {
        var e = Assert.Throws<XrpcException>(() => _policy.ValidateNewHandle(input));

        Assert.Equal((400, error), (e.Status, e.Error.Value));
    }

    [Fact]
    public void Constructor_NoDomains_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ServiceHandlePolicy([]));
        Assert.Throws<ArgumentException>(() => new ServiceHandlePolicy(["."]));
    }
}
