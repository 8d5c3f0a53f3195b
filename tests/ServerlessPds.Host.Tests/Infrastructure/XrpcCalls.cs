using Microsoft.AspNetCore.Http;
using ServerlessPds.Host.Xrpc;
using ServerlessPds.Pds.Api;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>Turns an ASP.NET Core request into the handlers' <see cref="XrpcCall"/> through the host's own adapter.</summary>
public static class XrpcCalls
{
    private static readonly Nsid TestNsid = Nsid.Parse("io.example.test.call");

    public static XrpcCall Call(this HttpRequest request) => XrpcHandlerEndpoints.ToCall(request.HttpContext, TestNsid);
}
