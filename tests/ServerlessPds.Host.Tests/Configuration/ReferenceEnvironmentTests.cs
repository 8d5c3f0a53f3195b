using System.Collections;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using ServerlessPds.Host.Configuration;

namespace ServerlessPds.Host.Tests.Configuration;

/// <summary>The reference PDS's <c>pds.env</c> names, and the key-encryption key derived from <c>PDS_JWT_SECRET</c>.</summary>
public class ReferenceEnvironmentTests
{
    private const string JwtSecret = "reference-pds-jwt-secret-0123456789abcdef";

    // HKDF-SHA256 (RFC 5869, empty salt) of JwtSecret with the info label, computed outside .NET (Python hmac/hashlib).
    private const string DerivedKeyHex = "7be95d78b58e0fe233737529da36570e2055d561c2a97e68a8c5e501f172dbba";

    [Fact]
    public void JwtSecretOnly_DerivesADistinct32ByteKeyEncryptionKeyByHkdf()
    {
        var settings = ReferenceEnvironment.Map(new Hashtable { ["PDS_JWT_SECRET"] = JwtSecret, ["PDS_HOSTNAME"] = "pds.example.com" });

        Assert.Equal(JwtSecret, settings["Pds:JwtSecret"]);
        Assert.Equal("pds.example.com", settings["Pds:Hostname"]);
        var key = Convert.FromBase64String(settings["Pds:KeyEncryptionKey"]!);
        Assert.Equal(DerivedKeyHex, Convert.ToHexStringLower(key));
        Assert.Equal(PdsOptions.KeyEncryptionKeyBytes, key.Length);
        Assert.NotEqual(Encoding.UTF8.GetBytes(JwtSecret)[..PdsOptions.KeyEncryptionKeyBytes], key);
        var other = ReferenceEnvironment.Map(new Hashtable { ["PDS_JWT_SECRET"] = JwtSecret + "x" });
        Assert.NotEqual(settings["Pds:KeyEncryptionKey"], other["Pds:KeyEncryptionKey"]);
    }

    [Fact]
    public void ExplicitKeyEncryptionKeyInTheEnvironment_NothingDerived()
    {
        var settings = ReferenceEnvironment.Map(new Hashtable { ["PDS_JWT_SECRET"] = JwtSecret, ["Pds__KeyEncryptionKey"] = Convert.ToBase64String(new byte[32]) });

        Assert.False(settings.ContainsKey("Pds:KeyEncryptionKey"));
    }

    [Fact]
    public void ExplicitKeyEncryptionKeyInALaterSource_Wins()
    {
        var explicitKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var configuration = new ConfigurationBuilder();
        configuration.Sources.Add(new MemoryConfigurationSource { InitialData = ReferenceEnvironment.Map(new Hashtable { ["PDS_JWT_SECRET"] = JwtSecret }) });
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Pds:KeyEncryptionKey"] = explicitKey });

        Assert.Equal(explicitKey, configuration.Build()["Pds:KeyEncryptionKey"]);
    }
}
