using System.Text.Json;
using System.Text.Json.Serialization;
using ServerlessPds.Host.Endpoints;

namespace ServerlessPds.Host.Xrpc;

/// <summary>Source-generated JSON metadata for the host's own response types (error bodies, health, did.json).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(XrpcErrorBody))]
[JsonSerializable(typeof(HealthOutput))]
[JsonSerializable(typeof(ServiceDidDocument))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
