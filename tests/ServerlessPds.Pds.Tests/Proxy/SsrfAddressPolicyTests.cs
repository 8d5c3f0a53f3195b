using System.Net;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Pds.Tests.Proxy;

public sealed class SsrfAddressPolicyTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("104.16.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("2001:db8::1", false)]
    public void IsPublicUnicast_RefusesEverythingButPublicUnicast(string address, bool allowed) =>
        Assert.Equal(allowed, SsrfAddressPolicy.IsPublicUnicast(IPAddress.Parse(address)));

    [Theory]
    [InlineData(400, "{\"error\":\"Custom\",\"message\":\"m\"}", 400, "Custom", "m")]
    [InlineData(500, "{\"error\":\"Custom\",\"message\":\"m\"}", 502, "Custom", "m")]
    [InlineData(404, "not json", 404, "XRPCNotSupported", "XRPC Not Supported")]
    [InlineData(429, "", 429, "RateLimitExceeded", "Rate Limit Exceeded")]
    [InlineData(418, "[1]", 418, "InvalidRequest", "Invalid Request")]
    public void ProxyUpstreamError_MapsAsTheReference(int status, string body, int expectedStatus, string error, string message) =>
        Assert.Equal(new ProxyUpstreamError(expectedStatus, error, message), ProxyUpstreamError.From(status, System.Text.Encoding.UTF8.GetBytes(body)));
}
