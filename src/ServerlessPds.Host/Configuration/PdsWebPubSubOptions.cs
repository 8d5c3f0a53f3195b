using System.Globalization;
using ServerlessPds.WebPubSub.Azure;

namespace ServerlessPds.Host.Configuration;

/// <summary>
/// The Azure Web PubSub settings of the firehose (<c>Pds__Firehose__Transport=webpubsub</c>), bound from
/// <c>Pds:WebPubSub</c>: <c>Pds__WebPubSub__Endpoint</c>, <c>Pds__WebPubSub__Hub</c>,
/// <c>Pds__WebPubSub__ConnectionString</c>, <c>Pds__WebPubSub__AccessKey</c>, <c>Pds__WebPubSub__ManagedIdentityClientId</c>.
/// </summary>
/// <remarks>docs/architecture.md, "The firehose on Azure Web PubSub".</remarks>
public sealed class PdsWebPubSubOptions
{
    /// <summary>The default <see cref="Hub"/>.</summary>
    public const string DefaultHub = "firehose";

    /// <summary>
    /// Gets or sets the service endpoint, e.g. <c>https://name.webpubsub.azure.com</c>, reached with Entra ID (the
    /// managed identity, which needs the "Web PubSub Service Owner" role). Required unless <see cref="ConnectionString"/> is set.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the hub that carries the firehose. Default <see cref="DefaultHub"/>.</summary>
    public string Hub { get; set; } = DefaultHub;

    /// <summary>
    /// Gets or sets a connection string, <c>Endpoint=https://...;AccessKey=...;Version=1.0;</c>, for development and
    /// tests: REST calls are signed with the key and upstream requests' <c>ce-signature</c> is checked against it.
    /// Overrides <see cref="Endpoint"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the service's access key (base64, as the portal shows it), with <see cref="Endpoint"/>: upstream
    /// requests to <c>/webpubsub/events</c> must carry its <c>ce-signature</c> (<c>sha256=</c> hex HMAC-SHA256 of the
    /// connection id), else 401; REST calls still go with Entra ID. In Azure a Key Vault reference. Accepted besides the
    /// key of <see cref="ConnectionString"/>, so either key of a rotation verifies.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>Gets the access keys an upstream request's <c>ce-signature</c> may be made with: <see cref="AccessKey"/>
    /// and the key of <see cref="ConnectionString"/>, those set; empty when neither is (then the handler asks the service
    /// whether a connection exists instead).</summary>
    /// <returns>The keys, distinct.</returns>
    public IReadOnlyList<string> UpstreamKeys()
    {
        var keys = new List<string>();
        if (!string.IsNullOrWhiteSpace(AccessKey))
        {
            keys.Add(AccessKey.Trim());
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString) && !keys.Contains(WebPubSubConnectionString.Parse(ConnectionString).AccessKey, StringComparer.Ordinal))
        {
            keys.Add(WebPubSubConnectionString.Parse(ConnectionString).AccessKey);
        }

        return keys;
    }

    /// <summary>Gets or sets the client id of the user-assigned managed identity; the default Azure credential when unset.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Gets or sets how often a pump asks the service whether its connection is still open. Default 30 seconds.</summary>
    public TimeSpan LivenessInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Adds one message per bad setting, each naming its environment variable.</summary>
    /// <param name="failures">The list to add to.</param>
    public void Validate(List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            try
            {
                WebPubSubConnectionString.Parse(ConnectionString);
            }
            catch (FormatException e)
            {
                failures.Add($"{Env(nameof(ConnectionString))} is not a Web PubSub connection string: {e.Message}");
            }
        }
        else if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            failures.Add($"{Env(nameof(Endpoint))} is \"{Endpoint}\": give the Web PubSub endpoint, e.g. https://name.webpubsub.azure.com (or set {Env(nameof(ConnectionString))}).");
        }

        if (string.IsNullOrEmpty(Hub) || !Hub.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || !char.IsAsciiLetter(Hub[0]))
        {
            failures.Add($"{Env(nameof(Hub))} is \"{Hub}\": give a hub name of ASCII letters, digits and '_', starting with a letter, e.g. {DefaultHub}.");
        }

        if (LivenessInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Env(nameof(LivenessInterval))} is {LivenessInterval.ToString("c", CultureInfo.InvariantCulture)}: give a positive duration, e.g. 00:00:30.");
        }
    }

    private static string Env(string setting) => PdsSettingNames.EnvironmentVariable("WebPubSub:" + setting);
}
