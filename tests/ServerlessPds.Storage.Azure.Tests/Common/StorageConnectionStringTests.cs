using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class StorageConnectionStringTests
{
    private const string Key = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

    public static TheoryData<string, string, string, string> ValidStrings => new()
    {
        {
            $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net",
            "acct", "https://acct.blob.core.windows.net/", "https://acct.table.core.windows.net/"
        },
        { $"AccountName=acct;AccountKey={Key}", "acct", "https://acct.blob.core.windows.net/", "https://acct.table.core.windows.net/" },
        {
            $"accountname=acct; accountkey={Key}; defaultendpointsprotocol=http; endpointsuffix=core.chinacloudapi.cn;",
            "acct", "http://acct.blob.core.chinacloudapi.cn/", "http://acct.table.core.chinacloudapi.cn/"
        },
        {
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:20010/devstoreaccount1;"
            + "QueueEndpoint=http://127.0.0.1:20011/devstoreaccount1;TableEndpoint=http://127.0.0.1:20012/devstoreaccount1;",
            "devstoreaccount1", "http://127.0.0.1:20010/devstoreaccount1", "http://127.0.0.1:20012/devstoreaccount1"
        },
        {
            "UseDevelopmentStorage=true", "devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1", "http://127.0.0.1:10002/devstoreaccount1"
        },
    };

    public static TheoryData<string, string> InvalidStrings => new()
    {
        { "", "empty" },
        { "AccountName=acct", "AccountKey is missing" },
        { $"AccountKey={Key}", "AccountName is missing" },
        { "AccountName=acct;AccountKey=not base64!", "not base64" },
        { $"AccountName=acct;AccountKey={Key};AccountName=other", "more than once" },
        { $"AccountName=acct;AccountKey={Key};AcountKey=typo", "unknown key 'AcountKey'" },
        { $"AccountName=acct;AccountKey={Key};DefaultEndpointsProtocol=ftp", "http' or 'https" },
        { $"AccountName=acct;AccountKey={Key};BlobEndpoint=not a url", "BlobEndpoint" },
        { $"AccountName=acct;AccountKey={Key};TableEndpoint=http://x/?sv=1", "TableEndpoint" },
        { "AccountName=acct;SharedAccessSignature=sv=2020&sig=abc", "SharedAccessSignature is not supported" },
        { "UseDevelopmentStorage=false", "UseDevelopmentStorage" },
        { $"UseDevelopmentStorage=true;AccountName=acct;AccountKey={Key}", "stand alone" },
        { "AccountName", "not key=value" },
    };

    [Theory]
    [MemberData(nameof(ValidStrings))]
    public void Parse_ValidString_ReadsAccountAndEndpoints(string text, string account, string blob, string table)
    {
        var parsed = StorageConnectionString.Parse(text);

        Assert.Equal(account, parsed.AccountName);
        Assert.Equal(new Uri(blob), parsed.BlobEndpoint);
        Assert.Equal(new Uri(table), parsed.TableEndpoint);
        Assert.True(StorageConnectionString.TryParse(text, null, out _));
    }

    [Theory]
    [MemberData(nameof(InvalidStrings))]
    public void Parse_InvalidString_ThrowsFormatExceptionNamingTheProblem(string text, string expectedFragment)
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(text));

        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
        Assert.False(StorageConnectionString.TryParse(text, null, out _));
    }

    [Fact]
    public void Parse_DevelopmentStorage_UsesTheWellKnownAzuriteAccount()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.True(parsed.IsDevelopmentStorage);
        Assert.Equal(Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey), parsed.AccountKey);
    }

    [Fact]
    public void ToString_Always_RedactsTheKey()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("<redacted>", parsed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedSegmentHoldingKeyMaterial_DoesNotEchoIt()
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountName=acct;SECRETSECRET"));

        Assert.DoesNotContain("SECRETSECRET", ex.Message, StringComparison.Ordinal);
    }
}
