using System.Text;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Tests.Tables;

public sealed class TableBatchCodecTests
{
    [Fact]
    public void ParseResponse_SuccessfulChangeSet_ReturnsEachSubResponseInOrder()
    {
        var body = string.Join("\r\n",
            "--batchresponse_1",
            "Content-Type: multipart/mixed; boundary=changesetresponse_2",
            "",
            "--changesetresponse_2",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "HTTP/1.1 204 No Content",
            "ETag: W/\"datetime'1'\"",
            "",
            "",
            "--changesetresponse_2",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "HTTP/1.1 204 No Content",
            "",
            "",
            "--changesetresponse_2--",
            "--batchresponse_1--",
            "");

        var results = TableBatchCodec.ParseResponse("multipart/mixed; boundary=batchresponse_1", Encoding.UTF8.GetBytes(body));

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(204, r.Status));
        Assert.Equal("W/\"datetime'1'\"", results[0].Headers["ETag"]);
        Assert.False(results[1].Headers.ContainsKey("ETag"));
    }

    [Fact]
    public void ParseResponse_FailedOperation_KeepsStatusAndErrorBody()
    {
        var body = string.Join("\n",
            "--batchresponse_x",
            "Content-Type: multipart/mixed; boundary=changesetresponse_y",
            "",
            "--changesetresponse_y",
            "Content-Type: application/http",
            "",
            "HTTP/1.1 412 Precondition Failed",
            "Content-Type: application/json;odata=minimalmetadata;charset=utf-8",
            "",
            "{\"odata.error\":{\"code\":\"UpdateConditionNotSatisfied\",\"message\":{\"lang\":\"en-US\",\"value\":\"2:The update condition specified in the request was not satisfied.\\nRequestId:r\"}}}",
            "--changesetresponse_y--",
            "--batchresponse_x--");

        var result = Assert.Single(TableBatchCodec.ParseResponse("multipart/mixed; boundary=\"batchresponse_x\"", Encoding.UTF8.GetBytes(body)));

        Assert.Equal(412, result.Status);
        Assert.Contains("\"2:The update condition", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseResponse_NoBoundary_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => TableBatchCodec.ParseResponse("application/json", "{}"u8.ToArray()));

    [Fact]
    public void BuildBody_Requests_WritesOneChangeSetOfHttpSubRequests()
    {
        var body = Encoding.UTF8.GetString(TableBatchCodec.BuildBody("batch_a", "changeset_b",
        [
            new("POST", "http://h/acct/t", null, Encoding.UTF8.GetBytes("{\"PartitionKey\":\"p\",\"RowKey\":\"r\"}")),
            new("DELETE", "http://h/acct/t(PartitionKey='p',RowKey='s')", "*", null),
        ]));

        Assert.StartsWith("--batch_a\r\nContent-Type: multipart/mixed; boundary=changeset_b\r\n\r\n--changeset_b\r\n", body, StringComparison.Ordinal);
        Assert.Contains("POST http://h/acct/t HTTP/1.1\r\n", body, StringComparison.Ordinal);
        Assert.Contains("DELETE http://h/acct/t(PartitionKey='p',RowKey='s') HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\nIf-Match: *\r\n\r\n", body, StringComparison.Ordinal);
        Assert.EndsWith("--changeset_b--\r\n--batch_a--\r\n", body, StringComparison.Ordinal);
        Assert.Equal(2, body.Split("--changeset_b\r\n").Length - 1);
    }
}
