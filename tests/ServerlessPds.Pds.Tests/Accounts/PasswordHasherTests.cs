using ServerlessPds.Pds.Accounts;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Accounts;

public class PasswordHasherTests
{
    private static readonly PasswordHasher Weak = new(1_000, allowWeak: true);
    private static readonly Did Alice = Did.Parse("did:plc:alice234567abcdefghijklm");

    [Fact]
    public void Hash_Verify_RoundTripsAndRejectsOtherPasswords()
    {
        var hash = Weak.Hash("hunter2 correct");

        Assert.True(PasswordHasher.Verify("hunter2 correct", hash));
        Assert.False(PasswordHasher.Verify("hunter2 correcT", hash));
        Assert.False(PasswordHasher.Verify("", hash));
        Assert.Matches(@"^\$pbkdf2-sha256\$i=1000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", hash);
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesFreshSalts()
    {
        Assert.NotEqual(Weak.Hash("same"), Weak.Hash("same"));
    }

    [Fact]
    public void Hash_DefaultHasher_Uses600kIterationsAndVerifies()
    {
        var hasher = new PasswordHasher();

        var hash = hasher.Hash("pw");

        Assert.Equal(600_000, PasswordHasher.IterationsOf(hash));
        Assert.True(PasswordHasher.Verify("pw", hash));
    }

    [Fact]
    public void Constructor_FewerThan600kIterations_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(599_999));
    }

    [Fact]
    public void Verify_HashFromOtherParameters_UsesStoredParameters()
    {
        var stronger = new PasswordHasher(2_000, allowWeak: true);
        var weakHash = Weak.Hash("pw");

        Assert.True(PasswordHasher.Verify("pw", weakHash));
        Assert.True(stronger.NeedsRehash(weakHash));
        Assert.False(Weak.NeedsRehash(weakHash));
        Assert.False(stronger.NeedsRehash(stronger.Hash("pw")));
    }

    [Fact]
    public void Verify_OverlongPassword_FailsWithoutHashing()
    {
        var password = new string('a', PasswordHasher.MaxVerifiedPasswordLength + 1);

        Assert.False(PasswordHasher.Verify(password, Weak.Hash(password)));
    }

    public static TheoryData<string> MalformedHashes() => new()
    {
        "",
        "plaintext",
        "$scrypt$abc$def",
        "$pbkdf2-sha256$i=$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=-5$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=99999999999$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA$extra",
        "$pbkdf2-sha256$i=1000$c2Fsd$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$!!!!!!!!!!!!!!!!!!!!!!$aGFzaGhhc2hoYXNoaGFzaA",
        "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
    };

    [Theory]
    [MemberData(nameof(MalformedHashes))]
    public void Verify_MalformedStoredHash_ThrowsFormatException(string stored)
    {
        Assert.Throws<FormatException>(() => PasswordHasher.Verify("pw", stored));
    }

    [Fact]
    public void HashAppPassword_IsDeterministicPerAccountAndDiffersAcrossAccounts()
    {
        var bob = Did.Parse("did:plc:bob234567abcdefghijklmno");

        var a1 = Weak.HashAppPassword(Alice, "abcd-efgh-ijkl-mnop");
        var a2 = Weak.HashAppPassword(Alice, "abcd-efgh-ijkl-mnop");
        var b = Weak.HashAppPassword(bob, "abcd-efgh-ijkl-mnop");

        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b);
        Assert.True(PasswordHasher.Verify("abcd-efgh-ijkl-mnop", a1));
    }
}
