using System.Text;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Identity;

/// <summary>
/// <see cref="IHandleResolver"/> by the two methods of the handle spec: first a DNS TXT lookup of
/// <c>_atproto.&lt;handle&gt;</c> (exactly one <c>did=&lt;did&gt;</c> record), then, when DNS gives no DID, an HTTPS
/// GET of <c>https://&lt;handle&gt;/.well-known/atproto-did</c> (the DID as the first line of a text body). Each
/// method has a short timeout (DNS: per attempt, two attempts per server); failures give <see langword="null"/>, and handles with a disallowed TLD (such as
/// <c>.local</c>) are not looked up at all. Thread-safe; the <see cref="HttpClient"/>
/// (whose handler decides on redirects) is not disposed here.
/// </summary>
/// <remarks>Spec: atproto.com/specs/handle ("Handle Resolution": "DNS TXT Method", "HTTPS .well-known Method").</remarks>
public sealed class HandleResolver : IHandleResolver
{
    /// <summary>The prefix of the DNS name queried.</summary>
    public const string DnsPrefix = "_atproto.";

    /// <summary>The prefix of the TXT record value.</summary>
    public const string TxtPrefix = "did=";

    /// <summary>The path of the HTTPS method.</summary>
    public const string WellKnownPath = "/.well-known/atproto-did";

    /// <summary>The largest well-known response read, in bytes; a DID is at most 2 KiB. Spec: atproto.com/specs/did.</summary>
    public const int MaxWellKnownBytes = Did.MaxLength + 2;

    private readonly HttpClient _httpClient;
    private readonly HandleResolverOptions _options;
    private readonly DnsTxtClient _dns;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="httpClient">The client for the well-known method.</param>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The scheme is not http(s) or the timeout is not positive.</exception>
    public HandleResolver(HttpClient httpClient, HandleResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
        _options = options ?? new HandleResolverOptions();
        if (_options.WellKnownScheme != Uri.UriSchemeHttps && _options.WellKnownScheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException("The well-known scheme is https or http.", nameof(options));
        }

        if (_options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The timeout must be positive.", nameof(options));
        }

        _dns = new DnsTxtClient(_options.DnsServers, _options.Timeout);
    }

    /// <inheritdoc/>
    public async Task<Did?> ResolveAsync(Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.HasDisallowedTld)
        {
            return null; // .local, .internal, .onion, ...: never looked up (spec), which also keeps lookups off private names
        }

        return await ResolveDnsAsync(handle, cancellationToken).ConfigureAwait(false)
            ?? await ResolveWellKnownAsync(handle, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves by DNS only.</summary>
    /// <param name="handle">The handle.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The DID of the single valid <c>did=</c> record, or <see langword="null"/> (none, several, or no answer).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Did?> ResolveDnsAsync(Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var records = await _dns.QueryTxtAsync(DnsPrefix + handle.Value, cancellationToken).ConfigureAwait(false);
        if (records is null)
        {
            return null;
        }

        var dids = records.Where(r => r.StartsWith(TxtPrefix, StringComparison.Ordinal)).Select(r => r[TxtPrefix.Length..]).ToList();
        return dids.Count == 1 && Did.TryParse(dids[0], out var did) ? did : null;
    }

    /// <summary>Resolves by the well-known URL only.</summary>
    /// <param name="handle">The handle.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The DID on the first line of a 2xx answer, or <see langword="null"/> (error status, timeout, too long, not a DID).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Did?> ResolveWellKnownAsync(Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var url = new Uri($"{_options.WellKnownScheme}://{handle.Value}{WellKnownPath}");
            using var response = await _httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxWellKnownBytes)
            {
                return null;
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxWellKnownBytes + 1];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), timeout.Token).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                if (total > MaxWellKnownBytes)
                {
                    return null;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, total);
                var firstLine = text.Split('\n', 2)[0].Trim();
                return Did.TryParse(firstLine, out var did) ? did : null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
