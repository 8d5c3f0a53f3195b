namespace ServerlessPds.Host.Endpoints;

/// <summary>One <c>service</c> entry of a DID document.</summary>
/// <remarks>Spec: atproto.com/specs/did, "DID Documents": the PDS is <c>#atproto_pds</c> of type <c>AtprotoPersonalDataServer</c>.</remarks>
/// <param name="Id">The fragment id, e.g. <c>#atproto_pds</c>.</param>
/// <param name="Type">The service type, e.g. <c>AtprotoPersonalDataServer</c>.</param>
/// <param name="ServiceEndpoint">The base URL, e.g. <c>https://pds.example.com</c>.</param>
public sealed record DidServiceEntry(string Id, string Type, string ServiceEndpoint);
