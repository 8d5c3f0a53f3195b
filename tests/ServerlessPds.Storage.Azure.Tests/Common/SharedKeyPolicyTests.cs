using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tests.Common;

public sealed class SharedKeyPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/Tables", "/devstoreaccount1/devstoreaccount1/Tables")]
    [InlineData("https://acct.table.core.windows.net/heads()?$filter=x&$top=5", "/devstoreaccount1/heads()")]
    [InlineData("https://acct.table.core.windows.net/?restype=service&comp=properties", "/devstoreaccount1/?comp=properties")]
    public void BuildTableLiteStringToSign_Uri_IsDateThenCanonicalizedResource(string uri, string resource)
    {
        var text = SharedKeyPolicy.BuildTableLiteStringToSign("Mon, 01 Jan 2024 00:00:00 GMT", "devstoreaccount1", new Uri(uri));

        Assert.Equal("Mon, 01 Jan 2024 00:00:00 GMT\n" + resource, text);
    }
}
