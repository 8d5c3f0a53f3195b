using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// Finds where a proxied XRPC method goes, as the reference PDS (<c>parseProxyInfo</c>): the <c>atproto-proxy</c>
/// header <c>&lt;did&gt;#&lt;service id&gt;</c> names a service entry of that DID's document (the configured AppView's
/// <c>#bsky_appview</c> is taken from configuration without a lookup); without the header,
/// <c>com.atproto.moderation.createReport</c> goes to the report service, the <c>tools.ozone.*</c> moderation methods to the
/// moderation service, and everything else to the AppView. Resolved documents are cached for
/// <see cref="DocumentCacheLifetime"/>.
/// </summary>
/// <remarks>
/// Errors (all 400 <c>InvalidRequest</c>, the reference's messages): "no did specified in proxy header", "no service id
/// specified in proxy header", "invalid proxy header format", "proxy header cannot contain spaces", "could not resolve
/// proxy did", "could not resolve proxy did service url", "No service configured for &lt;nsid&gt;".
/// Spec: atproto.com/specs/xrpc ("Service Proxying").
/// </remarks>
public sealed class ProxyTargetResolver
{
    /// <summary>The request header naming the target service.</summary>
    public const string HeaderName = "atproto-proxy";

    /// <summary>The service id of an AppView.</summary>
    public const string AppViewServiceId = "bsky_appview";

    /// <summary>The service id of a labeler / moderation service.</summary>
    public const string LabelerServiceId = "atproto_labeler";

    /// <summary>How long a resolved DID document is reused.</summary>
    public static readonly TimeSpan DocumentCacheLifetime = TimeSpan.FromMinutes(5);

    private const string CreateReportMethod = "com.atproto.moderation.createReport";
    private const int MaxCachedDocuments = 10_000;

    private static readonly HashSet<string> ModServiceMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "tools.ozone.communication.createTemplate", "tools.ozone.communication.deleteTemplate",
        "tools.ozone.communication.listTemplates", "tools.ozone.communication.updateTemplate",
        "tools.ozone.moderation.cancelScheduledActions", "tools.ozone.moderation.emitEvent",
        "tools.ozone.moderation.getAccountTimeline", "tools.ozone.moderation.getEvent", "tools.ozone.moderation.getRecord",
        "tools.ozone.moderation.getRepo", "tools.ozone.moderation.listScheduledActions", "tools.ozone.moderation.queryEvents",
        "tools.ozone.moderation.queryStatuses", "tools.ozone.moderation.scheduleAction", "tools.ozone.moderation.searchRepos",
        "tools.ozone.safelink.addRule", "tools.ozone.safelink.queryEvents", "tools.ozone.safelink.queryRules",
        "tools.ozone.safelink.removeRule", "tools.ozone.safelink.updateRule", "tools.ozone.team.addMember",
        "tools.ozone.team.deleteMember", "tools.ozone.team.listMembers", "tools.ozone.team.updateMember",
        "tools.ozone.verification.grantVerifications", "tools.ozone.verification.listVerifications",
        "tools.ozone.verification.revokeVerifications",
    };

    private readonly ProxyOptions _options;
    private readonly IDidResolver _dids;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (DidDocument Document, DateTimeOffset Expires)> _documents = new(StringComparer.Ordinal);

    /// <summary>Initializes the resolver.</summary>
    /// <param name="options">The configured services.</param>
    /// <param name="dids">Resolves the DIDs named by headers.</param>
    /// <param name="timeProvider">The clock of the document cache; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public ProxyTargetResolver(ProxyOptions options, IDidResolver dids, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dids);
        _options = options;
        _dids = dids;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the configured AppView, or <see langword="null"/>.</summary>
    public ProxyServiceEndpoint? AppView => _options.AppView;

    /// <summary>Finds the target of a call.</summary>
    /// <param name="nsid">The method's NSID.</param>
    /// <param name="proxyHeader">The <c>atproto-proxy</c> header, or <see langword="null"/> when absent or empty.</param>
    /// <param name="cancellationToken">A token that cancels DID resolution.</param>
    /// <returns>The target.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>, see the remarks.</exception>
    public async ValueTask<ProxyTarget> ResolveAsync(string nsid, string? proxyHeader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nsid);
        if (!string.IsNullOrEmpty(proxyHeader))
        {
            return await ResolveHeaderAsync(proxyHeader, cancellationToken).ConfigureAwait(false);
        }
        var (serviceId, service) = DefaultService(nsid);
        return service is null
            ? throw XrpcException.InvalidRequest($"No service configured for {nsid}")
            : new ProxyTarget(service.Did, serviceId, service.Url, Configured: true);
    }

    /// <summary>Tells whether a call would go to the configured AppView (no header, or the header naming it).</summary>
    /// <param name="nsid">The method's NSID.</param>
    /// <param name="proxyHeader">The <c>atproto-proxy</c> header, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if it would.</returns>
    public bool IsConfiguredAppView(string nsid, string? proxyHeader)
    {
        if (_options.AppView is not { } appView)
        {
            return false;
        }
        return string.IsNullOrEmpty(proxyHeader)
            ? DefaultService(nsid).Service == appView
            : proxyHeader == appView.Did.Value + "#" + AppViewServiceId;
    }

    private (string ServiceId, ProxyServiceEndpoint? Service) DefaultService(string nsid) =>
        string.Equals(nsid, CreateReportMethod, StringComparison.OrdinalIgnoreCase) ? (LabelerServiceId, _options.ReportService)
        : ModServiceMethods.Contains(nsid) ? (LabelerServiceId, _options.ModService)
        : (AppViewServiceId, _options.AppView);

    private async ValueTask<ProxyTarget> ResolveHeaderAsync(string header, CancellationToken cancellationToken)
    {
        var hash = header.IndexOf('#', StringComparison.Ordinal);
        if (hash == 0)
        {
            throw XrpcException.InvalidRequest("no did specified in proxy header");
        }
        if (hash < 0 || hash == header.Length - 1)
        {
            throw XrpcException.InvalidRequest("no service id specified in proxy header");
        }
        if (header.IndexOf('#', hash + 1) >= 0)
        {
            throw XrpcException.InvalidRequest("invalid proxy header format");
        }
        if (header.Contains(' ', StringComparison.Ordinal))
        {
            throw XrpcException.InvalidRequest("proxy header cannot contain spaces");
        }
        var serviceId = header[(hash + 1)..];
        if (!Did.TryParse(header[..hash], out var did))
        {
            throw XrpcException.InvalidRequest("could not resolve proxy did");
        }
        if (_options.AppView is { } appView && did == appView.Did && serviceId == AppViewServiceId)
        {
            return new ProxyTarget(did, serviceId, appView.Url, Configured: true);
        }
        var document = await FindDocumentAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.InvalidRequest("could not resolve proxy did");
        var endpoint = FindServiceEndpoint(document, serviceId)
            ?? throw XrpcException.InvalidRequest("could not resolve proxy did service url");
        return new ProxyTarget(did, serviceId, endpoint, Configured: false);
    }

    private async ValueTask<DidDocument?> FindDocumentAsync(Did did, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_documents.TryGetValue(did.Value, out var cached) && cached.Expires > now)
        {
            return cached.Document;
        }
        var document = await _dids.FindAsync(did, cancellationToken).ConfigureAwait(false);
        if (document is not null)
        {
            if (_documents.Count >= MaxCachedDocuments)
            {
                _documents.Clear();
            }
            _documents[did.Value] = (document, now + DocumentCacheLifetime);
        }
        return document;
    }

    /// <summary>Finds a service entry's endpoint (id <c>#id</c> or <c>&lt;did&gt;#id</c>), an absolute http(s) URL with a host.</summary>
    /// <param name="document">The DID document.</param>
    /// <param name="serviceId">The service id without <c>#</c>.</param>
    /// <returns>The endpoint, or <see langword="null"/> when the entry is missing or its endpoint is not such a URL.</returns>
    public static Uri? FindServiceEndpoint(DidDocument document, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(serviceId);
        var service = document.Services.FirstOrDefault(s =>
            s.Id == "#" + serviceId || s.Id == document.Id.Value + "#" + serviceId);
        return service?.Endpoint is { } endpoint
            && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Host.Length > 0
                ? uri
                : null;
    }
}
