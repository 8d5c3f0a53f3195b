namespace ServerlessPds.Pds.RateLimits;

/// <summary>
/// Fixed-window point counters per (policy, key), in process memory, on an injected clock. A window opens at a key's
/// first request and lasts the policy's window; a request is allowed only if its points fit in what is left of every
/// policy it is checked against, and then counts against all of them (refused requests count against none).
/// Thread-safe; at most <c>maxKeys</c> windows are kept (expired ones are dropped first).
/// </summary>
/// <remarks>
/// Counters are per process: with several instances each enforces the limits on its own share of traffic. The
/// reference PDS uses the same fixed-window model (rate-limiter-flexible), in memory or Redis.
/// Spec: atproto.com/specs/xrpc ("Rate Limits").
/// </remarks>
public sealed class RateLimiter
{
    /// <summary>The default bound on stored windows.</summary>
    public const int DefaultMaxKeys = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Policy, string Key), (int Used, DateTimeOffset Reset)> _windows = [];
    private readonly TimeProvider _time;
    private readonly int _maxKeys;

    /// <summary>Initializes a limiter.</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="maxKeys">The most windows kept in memory.</param>
    /// <param name="enabled">Whether limits are enforced; when <see langword="false"/> every request is allowed with
    /// <see cref="RateLimitDecision.NotLimited"/> and nothing is counted (setting <c>Pds:RateLimits:Enabled</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxKeys"/> is below 1.</exception>
    public RateLimiter(TimeProvider? timeProvider = null, int maxKeys = DefaultMaxKeys, bool enabled = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        _time = timeProvider ?? TimeProvider.System;
        _maxKeys = maxKeys;
        Enabled = enabled;
    }

    /// <summary>Gets a value indicating whether limits are enforced.</summary>
    public bool Enabled { get; }

    /// <summary>Counts a request against one policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="key">What is limited: an IP address, a DID, an identifier.</param>
    /// <param name="points">The request's cost, at least 0.</param>
    /// <returns>The decision.</returns>
    public RateLimitDecision Consume(RateLimitPolicy policy, string key, int points = 1) => Consume([policy], key, points);

    /// <summary>Counts a request against several policies at once, all or nothing.</summary>
    /// <param name="policies">The policies, at least one (e.g. hourly and daily).</param>
    /// <param name="key">What is limited.</param>
    /// <param name="points">The request's cost, at least 0.</param>
    /// <returns>When refused, the decision of the first policy that refused; when allowed, that of the policy with
    /// the fewest points left; <see cref="RateLimitDecision.NotLimited"/> when limits are not <see cref="Enabled"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="policies"/> is empty or <paramref name="points"/> negative.</exception>
    public RateLimitDecision Consume(IReadOnlyList<RateLimitPolicy> policies, string key, int points = 1)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        if (policies.Count == 0)
        {
            throw new ArgumentException("At least one policy is required.", nameof(policies));
        }
        if (!Enabled)
        {
            return RateLimitDecision.NotLimited;
        }
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var current = new (int Used, DateTimeOffset Reset)[policies.Count];
            for (var i = 0; i < policies.Count; i++)
            {
                current[i] = Window(policies[i], key, now);
                if (current[i].Used + points > policies[i].Points)
                {
                    return new RateLimitDecision(false, policies[i], policies[i].Points - current[i].Used, current[i].Reset);
                }
            }
            RateLimitDecision? tightest = null;
            for (var i = 0; i < policies.Count; i++)
            {
                var used = current[i].Used + points;
                Store((policies[i].Name, key), (used, current[i].Reset), now);
                var decision = new RateLimitDecision(true, policies[i], policies[i].Points - used, current[i].Reset);
                if (tightest is null || decision.Remaining < tightest.Remaining)
                {
                    tightest = decision;
                }
            }
            return tightest!;
        }
    }

    /// <summary>Reads a key's standing under a policy without counting anything.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="key">What is limited.</param>
    /// <returns>The standing; <c>Allowed</c> tells whether a one-point request would pass now;
    /// <see cref="RateLimitDecision.NotLimited"/> when limits are not <see cref="Enabled"/>.</returns>
    public RateLimitDecision Peek(RateLimitPolicy policy, string key)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(key);
        if (!Enabled)
        {
            return RateLimitDecision.NotLimited;
        }
        lock (_gate)
        {
            var (used, reset) = Window(policy, key, _time.GetUtcNow());
            return new RateLimitDecision(used < policy.Points, policy, policy.Points - used, reset);
        }
    }

    private (int Used, DateTimeOffset Reset) Window(RateLimitPolicy policy, string key, DateTimeOffset now) =>
        _windows.TryGetValue((policy.Name, key), out var window) && window.Reset > now ? window : (0, now + policy.Window);

    private void Store((string, string) id, (int, DateTimeOffset) window, DateTimeOffset now)
    {
        if (_windows.Count >= _maxKeys && !_windows.ContainsKey(id))
        {
            foreach (var expired in _windows.Where(w => w.Value.Reset <= now).Select(w => w.Key).ToList())
            {
                _windows.Remove(expired);
            }
            if (_windows.Count >= _maxKeys)
            {
                // Still full of live windows: forget the one closest to its reset (the least to lose).
                _windows.Remove(_windows.MinBy(w => w.Value.Reset).Key);
            }
        }
        _windows[id] = window;
    }
}
