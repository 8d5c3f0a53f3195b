using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Identity;

public class PlcDidTests
{
    public static TheoryData<string, bool> Dids() => new()
    {
        { "did:plc:ewvi7nxzyoun6zhxrhs64oiz", true },
        { "did:plc:bnvkralitxd5jeg3jneu7d2e", true },
        { "did:plc:ewvi7nxzyoun6zhxrhs64oi", false },
        { "did:plc:ewvi7nxzyoun6zhxrhs64oizz", false },
        { "did:plc:EWVI7NXZYOUN6ZHXRHS64OIZ", false },
        { "did:plc:ewvi7nxzyoun6zhxrhs64oi1", false },
        { "did:plc:ewvi7nxzyoun6zhxrhs64oi8", false },
        { "did:web:ewvi7nxzyoun6zhxrhs64oiz", false },
    };

    [Theory]
    [MemberData(nameof(Dids))]
    public void IsPlc_Did_ChecksPrefixLengthAndAlphabet(string did, bool expected) =>
        Assert.Equal(expected, PlcDid.IsPlc(Did.Parse(did)));

    [Fact]
    public void FromGenesis_OperationWithPrev_Throws()
    {
        var update = (PlcOperation)PlcLogOperation.FromJson(PlcReferenceFixture.Case("update-handle").GetProperty("op"));

        Assert.Throws<ArgumentException>(() => PlcDid.FromGenesis(update));
    }
}
