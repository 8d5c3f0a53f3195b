using ServerlessPds.Pds.Identity;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Identity;

public class HandlePolicyTests
{
    private static readonly HandlePolicy Policy = new([".test", "pds.example.com"]);

    public static TheoryData<string, string?> UserDomainHandles() => new()
    {
        { "alice.test", null },
        { "Alice.TEST", null },
        { "bob.pds.example.com", null },
        { "abc.test", null },
        { "a23456789012345678.test", null },
        { "x-y.test", null },
        { "ab.test", "InvalidHandle" },
        { "a234567890123456789.test", "InvalidHandle" },
        { "alice.bob.test", "InvalidHandle" },
        { "alice.bob.pds.example.com", "InvalidHandle" },
        { "-alice.test", "InvalidHandle" },
        { "alice_b.test", "InvalidHandle" },
        { "alice", "InvalidHandle" },
        { "", "InvalidHandle" },
        { "alice.local", "InvalidHandle" },
        { "alice.onion", "InvalidHandle" },
        { "admin.test", "HandleNotAvailable" },
        { "WWW.test", "HandleNotAvailable" },
        { "support.pds.example.com", "HandleNotAvailable" },
        { "alice.example.com", "UnsupportedDomain" },
        { "pds.example.com", "UnsupportedDomain" },
        { "alice.test.com", "UnsupportedDomain" },
        { "alicepds.example.com", "UnsupportedDomain" },
        { "alice..pds.example.com", "InvalidHandle" },
        { "mod.test", "HandleNotAvailable" },
    };

    [Theory]
    [MemberData(nameof(UserDomainHandles))]
    public void ValidateUserDomainHandle_Handle_AcceptsOrNamesTheError(string handle, string? error)
    {
        if (error is null)
        {
            Assert.Equal(handle.ToLowerInvariant(), Policy.ValidateUserDomainHandle(handle).Value);
        }
        else
        {
            var e = Assert.Throws<XrpcException>(() => Policy.ValidateUserDomainHandle(handle));
            Assert.Equal(error, e.Error.Value);
            Assert.Equal(400, e.Status);
        }
    }

    [Fact]
    public void Constructor_Domains_AreNormalizedMostSpecificFirst()
    {
        var policy = new HandlePolicy(["test", ".Pds.Test"], reservedNames: ["Alice"]);

        Assert.Equal([".pds.test", ".test"], policy.UserDomains);
        Assert.Equal("bob.pds.test", policy.ValidateUserDomainHandle("bob.pds.test").Value);
        Assert.Equal("HandleNotAvailable", Assert.Throws<XrpcException>(() => policy.ValidateUserDomainHandle("alice.test")).Error.Value);
        Assert.Equal("admin.test", policy.ValidateUserDomainHandle("admin.test").Value);
    }

    [Theory]
    [InlineData(" Alice.PDS.Example.com ", "alice.pds.example.com")]
    [InlineData("a-b-c-d-e-f-g-h-i1.second.test", "a-b-c-d-e-f-g-h-i1.second.test")]
    [InlineData("mod.pds.example.com", "mod.pds.example.com")]
    public void ValidateUserDomainHandle_OwnReservedNames_ReplaceTheDefaults(string handle, string expected)
    {
        var policy = new HandlePolicy(["pds.example.com", ".second.test"], ["www", "Admin"]);

        Assert.Equal(expected, policy.ValidateUserDomainHandle(handle).Value);
        Assert.Equal("HandleNotAvailable", Assert.Throws<XrpcException>(() => policy.ValidateUserDomainHandle("admin.second.test")).Error.Value);
        Assert.Equal("HandleNotAvailable", Assert.Throws<XrpcException>(() => policy.ValidateUserDomainHandle("WWW.pds.example.com")).Error.Value);
    }

    [Theory]
    [InlineData("did:web:alice.test", true)]
    [InlineData("did:web:bob.pds.example.com", true)]
    [InlineData("did:web:alice.example.com", false)]
    [InlineData("did:web:pds.example.com", false)]
    [InlineData("did:web:test", false)]
    [InlineData("did:web:localhost%3A2583", false)]
    [InlineData("did:web:alice.test:user:bob", false)]
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oiz", false)]
    public void IsUserDomainDidWeb_Did_IsTrueOnlyForAHostUnderAUserDomain(string did, bool expected)
    {
        Assert.Equal(expected, Policy.IsUserDomainDidWeb(Protocol.Syntax.Did.Parse(did)));
    }

    [Fact]
    public void Constructor_BadDomains_Throw()
    {
        Assert.Throws<ArgumentException>(() => new HandlePolicy([]));
        Assert.Throws<ArgumentException>(() => new HandlePolicy(["not a domain"]));
        Assert.Throws<ArgumentException>(() => new HandlePolicy([".1com"]));
        Assert.Throws<ArgumentException>(() => new HandlePolicy(["."]));
    }

    [Fact]
    public void Normalize_ExternalHandle_IsOnlyCheckedForSyntaxAndTld()
    {
        Assert.Equal("alice.example.com", Policy.Normalize("Alice.Example.COM").Value);
        Assert.False(Policy.IsUserDomainHandle(Policy.Normalize("alice.example.com")));
        Assert.True(Policy.IsUserDomainHandle(Policy.Normalize("alice.test")));
        Assert.Equal("InvalidHandle", Assert.Throws<XrpcException>(() => Policy.Normalize("alice.arpa")).Error.Value);
    }
}
