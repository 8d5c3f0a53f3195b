using System.Globalization;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.RateLimits;

/// <summary>
/// The answer of a rate limiter: allowed or not, and the figures for the <c>RateLimit-*</c> response headers (the
/// host adds them; on refusal it answers 429 <c>RateLimitExceeded</c>).
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("Rate Limits"); header names as the reference PDS sends them.</remarks>
/// <param name="Allowed">Whether the request may proceed (its points were counted only if so).</param>
/// <param name="Policy">The policy these figures describe: the tightest one.</param>
/// <param name="Remaining">Points left in the current window after this request.</param>
/// <param name="Reset">When the current window ends and the points are restored.</param>
public sealed record RateLimitDecision(bool Allowed, RateLimitPolicy Policy, int Remaining, DateTimeOffset Reset)
{
    /// <summary>The key under which <see cref="ToException"/> stores the decision in <see cref="Exception.Data"/>.</summary>
    public const string ExceptionDataKey = "ServerlessPds.RateLimitDecision";

    /// <summary>Gets the decision of a limiter that enforces nothing: allowed, and no <see cref="Headers"/>.</summary>
    public static RateLimitDecision NotLimited { get; } =
        new(true, new RateLimitPolicy("not-limited", int.MaxValue, TimeSpan.FromDays(1)), int.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>Gets the limit: the policy's points per window.</summary>
    public int Limit => Policy.Points;

    /// <summary>Gets the response headers: <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c>
    /// (Unix seconds) and <c>RateLimit-Policy</c> (<c>&lt;limit&gt;;w=&lt;window seconds&gt;</c>); none for
    /// <see cref="NotLimited"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => ReferenceEquals(this, NotLimited) ? [] :
    [
        new("RateLimit-Limit", Limit.ToString(CultureInfo.InvariantCulture)),
        new("RateLimit-Remaining", Remaining.ToString(CultureInfo.InvariantCulture)),
        new("RateLimit-Reset", Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        new("RateLimit-Policy", string.Create(CultureInfo.InvariantCulture, $"{Limit};w={(long)Policy.Window.TotalSeconds}")),
    ];

    /// <summary>Creates the 429 <c>RateLimitExceeded</c> error, carrying this decision in <see cref="Exception.Data"/>
    /// under <see cref="ExceptionDataKey"/> so the host can add the headers.</summary>
    /// <returns>The exception.</returns>
    public XrpcException ToException()
    {
        var exception = new XrpcException(429, XrpcErrorName.RateLimitExceeded, "Rate Limit Exceeded");
        exception.Data[ExceptionDataKey] = this;
        return exception;
    }

    /// <summary>Throws <see cref="ToException"/> when the request is not allowed.</summary>
    /// <exception cref="XrpcException">429 <c>RateLimitExceeded</c>.</exception>
    public void ThrowIfExceeded()
    {
        if (!Allowed)
        {
            throw ToException();
        }
    }
}
