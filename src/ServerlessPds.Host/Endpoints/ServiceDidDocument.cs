using System.Text.Json.Serialization;

namespace ServerlessPds.Host.Endpoints;

/// <summary>
/// The DID document of the service's own <c>did:web</c>, served at <c>/.well-known/did.json</c>: the DID and its
/// <c>#atproto_pds</c> service endpoint.
/// </summary>
/// <remarks>Spec: atproto.com/specs/did, "DID Documents" and the did:web method (w3c-ccg.github.io/did-method-web).</remarks>
/// <param name="Context">The JSON-LD contexts (<c>@context</c>).</param>
/// <param name="Id">The DID, e.g. <c>did:web:pds.example.com</c>.</param>
/// <param name="Service">The service entries.</param>
public sealed record ServiceDidDocument(
    [property: JsonPropertyName("@context")] IReadOnlyList<string> Context,
    string Id,
    IReadOnlyList<DidServiceEntry> Service);
