using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ServerlessPds.Functions;

/// <summary>
/// The HTTP triggers: each hands its request to the standalone host's pipeline (<see cref="PdsApplication.InvokeAsync"/>),
/// which routes it, so every trigger takes every method and answers what the standalone host answers (XRPC errors as
/// <c>{"error","message"}</c>, CORS, rate-limit headers). Anonymous: XRPC does its own auth. Routes have no prefix
/// (root <c>host.json</c>, <c>extensions.http.routePrefix</c> "").
/// </summary>
/// <param name="pds">The application that answers.</param>
public sealed class HttpFunctions(PdsApplication pds)
{
    private const string Get = "get", Head = "head", Post = "post", Put = "put", Delete = "delete", Patch = "patch", Options = "options";

    /// <summary><c>/xrpc/{nsid}</c>: every XRPC method (queries, procedures, the firehose's HTTP answers); spec atproto.com/specs/xrpc.</summary>
    /// <param name="request">The request.</param>
    /// <param name="nsid">The method's NSID (the pipeline checks it: 400 <c>InvalidRequest</c> when it is not one).</param>
    /// <param name="durableClient">The Durable Task client the entity serialiser starts write orchestrations with (<c>Pds__Commits__Serializer=entity</c>).</param>
    /// <returns>The pipeline's answer.</returns>
    [Function("xrpc")]
    public IActionResult Xrpc(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Put, Delete, Patch, Options, Route = "xrpc/{nsid}")] HttpRequest request, string nsid,
        [DurableClient] DurableTaskClient durableClient) =>
        new PdsPipelineResult(pds, durableClient);

    /// <summary><c>/xrpc/_health</c>: <c>{"version"}</c>.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The pipeline's answer.</returns>
    [Function("health")]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Put, Delete, Patch, Options, Route = "xrpc/_health")] HttpRequest request) =>
        new PdsPipelineResult(pds);

    /// <summary><c>/.well-known/atproto-did</c>: the DID of the handle named by the request's host, as text.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The pipeline's answer.</returns>
    [Function("atproto-did")]
    public IActionResult AtprotoDid(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Put, Delete, Patch, Options, Route = ".well-known/atproto-did")] HttpRequest request) =>
        new PdsPipelineResult(pds);

    /// <summary><c>/.well-known/did.json</c>: the service's <c>did:web</c> document, or a hosted account's.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The pipeline's answer.</returns>
    [Function("did-json")]
    public IActionResult DidJson(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Put, Delete, Patch, Options, Route = ".well-known/did.json")] HttpRequest request) =>
        new PdsPipelineResult(pds);

    /// <summary>
    /// <c>/webpubsub/events</c>: the Web PubSub hub's upstream event handler (CloudEvents over HTTP: the OPTIONS
    /// abuse-protection handshake, then <c>connect</c>, <c>connected</c>, <c>disconnected</c>); the pipeline checks the
    /// origin (403) and the <c>ce-signature</c> (401). learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The pipeline's answer.</returns>
    [Function("webpubsub-events")]
    public IActionResult WebPubSubEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Put, Delete, Patch, Options, Route = "webpubsub/events")] HttpRequest request) =>
        new PdsPipelineResult(pds);

    /// <summary>
    /// <c>/</c> and every other path: the banner, <c>/robots.txt</c>, <c>/xrpc/a.b.c/more</c> (400 <c>InvalidRequest</c>),
    /// and 404 <c>NotFound</c> as JSON, as the standalone host. Literal routes above take precedence.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The pipeline's answer.</returns>
    [Function("root")]
    public IActionResult Root(
        [HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Put, Delete, Patch, Options, Route = "{*path}")] HttpRequest request) =>
        new PdsPipelineResult(pds);
}
