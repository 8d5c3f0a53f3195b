namespace ServerlessPds.Pds.RateLimits;

/// <summary>
/// Per-request limits of the reference PDS: every request 3,000 per 5 minutes per IP; createSession 30 per 5 minutes
/// and 300 per day per identifier and IP; createAccount 100 per 5 minutes per IP.
/// </summary>
/// <remarks>
/// createSession is keyed by account and IP together (the host passes <c>SessionService.LoginKeyAsync</c>: the account's
/// DID whichever of handle, email or DID names it), so that nobody can lock an account out by failing logins for it from
/// elsewhere, and nobody gets 30 more attempts by switching identifiers. Spec: atproto.com/specs/xrpc ("Rate Limits").
/// </remarks>
public sealed class RequestRateLimiter
{
    private readonly RateLimiter _limiter;

    /// <summary>Initializes the limiter.</summary>
    /// <param name="limiter">The counters to use.</param>
    /// <exception cref="ArgumentNullException"><paramref name="limiter"/> is <see langword="null"/>.</exception>
    public RequestRateLimiter(RateLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _limiter = limiter;
    }

    /// <summary>Gets the global policy: 3,000 requests per 5 minutes per IP.</summary>
    public static RateLimitPolicy Global { get; } = new("global-ip", 3_000, TimeSpan.FromMinutes(5));

    /// <summary>Gets the short createSession policy: 30 per 5 minutes.</summary>
    public static RateLimitPolicy CreateSessionShort { get; } = new("create-session-5m", 30, TimeSpan.FromMinutes(5));

    /// <summary>Gets the daily createSession policy: 300 per day.</summary>
    public static RateLimitPolicy CreateSessionDaily { get; } = new("create-session-day", 300, TimeSpan.FromDays(1));

    /// <summary>Gets the createAccount policy: 100 per 5 minutes per IP.</summary>
    public static RateLimitPolicy CreateAccount { get; } = new("create-account-ip", 100, TimeSpan.FromMinutes(5));

    /// <summary>Counts any request.</summary>
    /// <param name="ip">The client IP address.</param>
    /// <returns>The decision.</returns>
    public RateLimitDecision ConsumeGlobal(string ip) => _limiter.Consume(Global, ip ?? "");

    /// <summary>Counts a createSession attempt.</summary>
    /// <param name="identifier">The account key (its DID), or the login identifier when it names no account; compared case-insensitively.</param>
    /// <param name="ip">The client IP address.</param>
    /// <returns>The decision.</returns>
    public RateLimitDecision ConsumeCreateSession(string identifier, string ip) =>
        _limiter.Consume([CreateSessionShort, CreateSessionDaily], $"{identifier?.Trim().ToLowerInvariant()}-{ip}");

    /// <summary>Counts a createAccount attempt.</summary>
    /// <param name="ip">The client IP address.</param>
    /// <returns>The decision.</returns>
    public RateLimitDecision ConsumeCreateAccount(string ip) => _limiter.Consume(CreateAccount, ip ?? "");
}
