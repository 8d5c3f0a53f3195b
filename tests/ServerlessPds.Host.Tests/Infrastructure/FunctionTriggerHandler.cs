using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using ServerlessPds.Functions;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// Sends each request to the function app's HTTP trigger methods, as the Functions host would: picks the trigger by
/// its route (literal routes before <c>xrpc/{nsid}</c>, the catch-all last), builds a real <see cref="DefaultHttpContext"/>
/// with the request (and a response that behaves as a server's, <see cref="ServerResponseFeature"/>), calls the method and executes the <see cref="IActionResult"/> it returns, and reads the response back.
/// </summary>
public sealed class FunctionTriggerHandler(HttpFunctions functions) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var server = new ServerResponseFeature();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseFeature>(server);
        context.Features.Set<IHttpResponseBodyFeature>(server);
        context.Request.Method = request.Method.Method;
        context.Request.Scheme = uri.Scheme;
        context.Request.Host = new HostString(uri.Authority);
        context.Request.Path = PathString.FromUriComponent(uri);
        context.Request.QueryString = QueryString.FromUriComponent(uri);
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        foreach (var (name, values) in request.Headers)
        {
            context.Request.Headers[name] = values.ToArray();
        }

        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers)
            {
                context.Request.Headers[name] = values.ToArray();
            }

            var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }

        var result = Trigger(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        await server.CompleteAsync();

        var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode)
        {
            Content = new ByteArrayContent(server.Buffer.ToArray()),
            RequestMessage = request,
        };
        foreach (var (name, values) in context.Response.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                response.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        return response;
    }

    private IActionResult Trigger(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/');
        return path switch
        {
            "/xrpc/_health" => functions.Health(request),
            "/.well-known/atproto-did" => functions.AtprotoDid(request),
            "/.well-known/did.json" => functions.DidJson(request),
            _ when segments.Length == 2 && segments[0] == "xrpc" && segments[1].Length > 0 => functions.Xrpc(request, segments[1], durableClient: null!),
            _ => functions.Root(request),
        };
    }
}
