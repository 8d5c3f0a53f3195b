using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ServerlessPds.Pds.Api;

/// <summary>
/// The JSON settings of every XRPC request and response body: lexicon (camelCase, case-sensitive) property names,
/// absent rather than <c>null</c> optional fields, UTF-8 text without needless <c>\\u</c> escapes, unknown request fields ignored, and strict types: numbers are never
/// read from strings, <c>null</c> is refused for non-nullable members and required members must be present.
/// </summary>
/// <remarks>Spec: atproto.com/specs/data-model, "JSON Representation"; atproto.com/specs/xrpc, "Lexicon HTTP Endpoints".</remarks>
public static class XrpcJson
{
    /// <summary>Gets the shared, read-only options (see <see cref="Configure"/>).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Applies the XRPC settings to <paramref name="options"/> (used for ASP.NET Core's HTTP JSON options too).</summary>
    /// <param name="options">The options to change; must not be read-only.</param>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        // JSON bodies are never embedded in HTML, so '<', '>', '&' and non-ASCII text need no \u escapes.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
