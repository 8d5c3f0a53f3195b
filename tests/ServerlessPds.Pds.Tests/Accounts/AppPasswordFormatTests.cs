using ServerlessPds.Pds.Accounts;

namespace ServerlessPds.Pds.Tests.Accounts;

public class AppPasswordFormatTests
{
    [Fact]
    public void Generate_ManyPasswords_AreWellFormedAndDistinct()
    {
        var passwords = Enumerable.Range(0, 500).Select(_ => AppPasswordFormat.Generate()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$", p));
        Assert.All(passwords, p => Assert.True(AppPasswordFormat.IsWellFormed(p)));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Theory]
    [InlineData("abcd-efgh-ijkl-mnop", true)]
    [InlineData("2345-6722-aaaa-zzzz", true)]
    [InlineData("ABCD-efgh-ijkl-mnop", false)]
    [InlineData("abcd-efgh-ijkl-mno1", false)]
    [InlineData("abcdefghijklmnop", false)]
    [InlineData("abcd-efgh-ijkl-mnopq", false)]
    [InlineData("abcd_efgh_ijkl_mnop", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsWellFormed_Text_MatchesFourGroupsOfBase32(string? text, bool expected)
    {
        Assert.Equal(expected, AppPasswordFormat.IsWellFormed(text));
    }
}
