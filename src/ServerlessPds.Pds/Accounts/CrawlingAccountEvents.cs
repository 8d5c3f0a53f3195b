using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Passes account lifecycle changes on to <paramref name="inner"/>, then, for a new or re-activated account, asks the
/// relays to crawl (<see cref="CrawlerNotifier.RequestCrawlAsync"/>) without waiting for them.
/// </summary>
/// <param name="inner">The decorated handler (creates repos, emits events).</param>
/// <param name="crawlers">The crawler notifier.</param>
public sealed class CrawlingAccountEvents(IAccountEvents inner, CrawlerNotifier crawlers) : IAccountEvents
{
    /// <inheritdoc/>
    public async Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        await inner.AccountCreatedAsync(account, cancellationToken).ConfigureAwait(false);
        _ = crawlers.RequestCrawlAsync(CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        await inner.AccountStatusChangedAsync(did, status, cancellationToken).ConfigureAwait(false);
        if (status == AccountStatus.Active)
        {
            _ = crawlers.RequestCrawlAsync(CancellationToken.None);
        }
    }

    /// <inheritdoc/>
    public Task IdentityChangedAsync(Did did, Handle handle, CancellationToken cancellationToken = default) =>
        inner.IdentityChangedAsync(did, handle, cancellationToken);
}
