using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Endpoints;

/// <summary>The <c>/.well-known/</c> routes the host itself owns: the <c>did:web</c> documents of the service and of hosted accounts, and handles' <c>atproto-did</c>.</summary>
public static class WellKnownEndpoints
{
    /// <summary>The DID document context.</summary>
    public const string DidContext = "https://www.w3.org/ns/did/v1";

    /// <summary>The fragment id of the PDS service entry. Spec: atproto.com/specs/did.</summary>
    public const string PdsServiceId = "#atproto_pds";

    /// <summary>The type of the PDS service entry. Spec: atproto.com/specs/did.</summary>
    public const string PdsServiceType = "AtprotoPersonalDataServer";

    /// <summary>Maps <c>GET /.well-known/did.json</c> and <c>GET /.well-known/atproto-did</c>.</summary>
    /// <param name="app">The app.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapWellKnownEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/did.json", DidJsonAsync);
        app.MapGet("/.well-known/atproto-did", AtprotoDidAsync);
        return app;
    }

    /// <summary>
    /// Answers <c>/.well-known/did.json</c>: when the request's host name is under a user domain, the document of the
    /// hosted <c>did:web</c> account of that name (404 <c>NotFound</c> when there is none); otherwise the service DID's
    /// document (<see cref="ServiceDocument"/>).
    /// </summary>
    /// <remarks>Spec: atproto.com/specs/did ("did:web in AT Protocol"), W3C did:web method.</remarks>
    private static async Task<IResult> DidJsonAsync(HttpRequest request, IOptions<PdsOptions> options, HostedDidWebDocuments hosted)
    {
        if (!Did.TryParse(DidWeb.Prefix + request.Host.Host.ToLowerInvariant(), out var did) || !hosted.IsHostedHere(did))
        {
            return Results.Ok(ServiceDocument(options.Value));
        }

        var document = await hosted.GetAsync(did, request.HttpContext.RequestAborted)
            ?? throw new XrpcException(StatusCodes.Status404NotFound, XrpcErrorName.NotFound, "No account has this DID");
        return Results.Text(document.ToJson(), "application/json");
    }

    /// <summary>
    /// Answers <c>/.well-known/atproto-did</c> for a handle hosted here: the request's host name is the handle; the
    /// body is its DID as <c>text/plain</c>. 404 <c>NotFound</c> when no account has that handle.
    /// </summary>
    /// <remarks>Spec: atproto.com/specs/handle ("HTTPS well-known Method").</remarks>
    private static async Task<IResult> AtprotoDidAsync(HttpRequest request, IAccountStore accounts)
    {
        var account = Handle.TryParse(request.Host.Host, out var handle)
            ? await accounts.GetAccountByHandleAsync(handle, request.HttpContext.RequestAborted)
            : null;
        return account is null
            ? throw new XrpcException(StatusCodes.Status404NotFound, XrpcErrorName.NotFound, "User not found")
            : Results.Text(account.Did.Value, "text/plain");
    }

    /// <summary>
    /// Builds the document of the service DID when it is <c>did:web:</c> + the configured host name; a service DID of
    /// another method or host is not ours to serve.
    /// </summary>
    /// <param name="options">The validated PDS options.</param>
    /// <returns>The DID document.</returns>
    /// <exception cref="XrpcException">404 <c>NotFound</c>: the service DID is not this host's did:web.</exception>
    internal static ServiceDidDocument ServiceDocument(PdsOptions options)
    {
        var did = options.ServiceDid!;
        if (!string.Equals(did, $"did:web:{options.Hostname}", StringComparison.OrdinalIgnoreCase))
        {
            throw new XrpcException(StatusCodes.Status404NotFound, XrpcErrorName.NotFound, "This server's DID is not a did:web of this host");
        }

        return new ServiceDidDocument([DidContext], did, [new DidServiceEntry(PdsServiceId, PdsServiceType, options.PublicUrl!.TrimEnd('/'))]);
    }
}
