using System.Text;
using Microsoft.AspNetCore.Http;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Api;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Tests.Xrpc;

public class XrpcBodyTests
{
    private static HttpRequest Request(string? contentType, byte[] body, bool declareLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = declareLength ? body.Length : null;
        return context.Request;
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task ReadJsonAsync_JsonContentTypes_Deserialize(string contentType)
    {
        var input = await Request(contentType, Encoding.UTF8.GetBytes("{\"text\":\"a\",\"count\":1,\"note\":\"n\"}")).Call().ReadJsonAsync<TestEndpoints.EchoInput>();

        Assert.Equal(new TestEndpoints.EchoInput("a", 1, "n"), input);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadJsonAsync_BodyOverLimit_ThrowsPayloadTooLarge(bool declareLength)
    {
        var body = Encoding.UTF8.GetBytes("{\"text\":\"" + new string('a', XrpcCall.MaxJsonBodyBytes) + "\",\"count\":1}");

        var e = await Assert.ThrowsAsync<XrpcException>(() => Request("application/json", body, declareLength).Call().ReadJsonAsync<TestEndpoints.EchoInput>());

        Assert.Equal(413, e.Status);
        Assert.Equal(XrpcErrorName.PayloadTooLarge, e.Error);
    }

    [Fact]
    public async Task ReadJsonAsync_BodyAtLimit_IsAccepted()
    {
        var prefix = "{\"text\":\"";
        var suffix = "\",\"count\":1}";
        var body = Encoding.UTF8.GetBytes(prefix + new string('a', XrpcCall.MaxJsonBodyBytes - prefix.Length - suffix.Length) + suffix);

        var input = await Request("application/json", body, declareLength: false).Call().ReadJsonAsync<TestEndpoints.EchoInput>();

        Assert.Equal(XrpcCall.MaxJsonBodyBytes, body.Length);
        Assert.Equal(1, input.Count);
    }

    [Theory]
    [InlineData(null, "{}", "Request encoding (Content-Type) required but not provided")]
    [InlineData("text/json", "{}", "Wrong request encoding (Content-Type): text/json; expected application/json")]
    [InlineData("application/json", "", "A request body is expected but none was provided")]
    [InlineData("application/json", "null", "Invalid request body: expected a JSON object, got null")]
    [InlineData("application/json", "{\"text\":\"a\"}", "Invalid request body: ")]
    [InlineData("application/json", "{\"text\":\"a\",\"count\":1,}", "Invalid request body: ")]
    [InlineData("application/json", "{\"text\":\"a\",\"count\":1} // comment", "Invalid request body: ")]
    public async Task ReadJsonAsync_BadRequest_ThrowsInvalidRequest(string? contentType, string body, string messageStart)
    {
        var e = await Assert.ThrowsAsync<XrpcException>(() => Request(contentType, Encoding.UTF8.GetBytes(body)).Call().ReadJsonAsync<TestEndpoints.EchoInput>());

        Assert.Equal(400, e.Status);
        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
        Assert.StartsWith(messageStart, e.Message, StringComparison.Ordinal);
    }
}
