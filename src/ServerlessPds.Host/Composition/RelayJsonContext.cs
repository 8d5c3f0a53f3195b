using System.Text.Json.Serialization;

namespace ServerlessPds.Host.Composition;

/// <summary>The JSON metadata of the relay requests (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RequestCrawlInput))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;
