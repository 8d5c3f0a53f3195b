using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace ServerlessPds.Host.Identity;

/// <summary>
/// TXT lookups for <c>_atproto.&lt;handle&gt;</c> over DnsClient's <see cref="LookupClient"/>: the configured servers
/// (or those of the system's resolver configuration) are asked in order, each with two attempts of the timeout
/// (a lost datagram or a reply with another message id is retried once), truncated UDP answers are retried over TCP,
/// and nothing is cached. DNSSEC is not validated.
/// </summary>
/// <remarks>Spec: RFC 1035 (section 3.3.14 TXT), atproto.com/specs/handle ("DNS TXT Method").</remarks>
internal sealed class DnsTxtClient
{
    /// <summary>The attempts per server after the first (a UDP datagram may be lost, or a stray reply may arrive first).</summary>
    public const int RetriesPerServer = 1;

    private readonly LookupClient? _lookup;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="servers">The servers in the order asked; <see langword="null"/> for the system's; empty to never look up.</param>
    /// <param name="timeout">The time allowed for each attempt.</param>
    public DnsTxtClient(IReadOnlyList<IPEndPoint>? servers, TimeSpan timeout)
    {
        if (servers is { Count: 0 })
        {
            return;
        }

        var options = servers is null ? new LookupClientOptions() : new LookupClientOptions([.. servers]);
        options.Timeout = timeout;
        options.Retries = RetriesPerServer;
        options.UseCache = false;
        options.UseRandomNameServer = false;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = true;
        _lookup = new LookupClient(options);
    }

    /// <summary>Looks up the TXT records of <paramref name="name"/>.</summary>
    /// <param name="name">The DNS name, e.g. <c>_atproto.alice.example.com</c>.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>
    /// Each TXT record's character-strings joined, in answer order (empty for NXDOMAIN or no TXT record), or
    /// <see langword="null"/> when no server gave a usable answer or no server is configured.
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<string>?> QueryTxtAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_lookup is null)
        {
            return null;
        }

        IDnsQueryResponse response;
        try
        {
            response = await _lookup.QueryAsync(name, QueryType.TXT, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DnsResponseException or DnsResponseParseException or DnsXidMismatchException
            or SocketException or TimeoutException or ArgumentException or InvalidOperationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        if (response.HasError)
        {
            return response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain ? [] : null;
        }

        return [.. response.Answers.OfType<TxtRecord>().Select(record => string.Concat(record.Text))];
    }
}
