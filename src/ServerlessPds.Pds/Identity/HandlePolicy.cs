using System.Collections.Frozen;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// The rules for handles on this server: general handle syntax and TLD restrictions for every handle, and, for
/// handles under the server's user domains (e.g. <c>alice.pds.example.com</c> with domain <c>.pds.example.com</c>),
/// exactly one label before the domain, of <see cref="MinServiceLabelLength"/> to
/// <see cref="MaxServiceLabelLength"/> characters, that is not reserved. New accounts get handles under a user domain
/// (<see cref="ValidateUserDomainHandle"/>); other handles can be set later by a handle update once they resolve.
/// Failures are XRPC errors named as in the <c>com.atproto.server.createAccount</c> lexicon
/// (<see cref="AccountErrorNames"/>). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The length bounds and reserved names are this server's policy (following the reference PDS, which also answers a
/// reserved name with <c>HandleNotAvailable</c>), not protocol rules. Whether a valid handle is already taken is the
/// account store's question, not this class's.
/// Spec: atproto.com/specs/handle ("Handle Identifier Syntax", "Additional Non-Syntax Restrictions");
/// lexicon com.atproto.server.createAccount (errors InvalidHandle, HandleNotAvailable, UnsupportedDomain).
/// </remarks>
public sealed class HandlePolicy
{
    /// <summary>The fewest characters of the label before a user domain (PDS policy).</summary>
    public const int MinServiceLabelLength = 3;

    /// <summary>The most characters of the label before a user domain (PDS policy, as the reference PDS).</summary>
    public const int MaxServiceLabelLength = 18;

    private readonly FrozenSet<string> _reservedNames;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="userDomains">The domains users get handles under, with or without a leading dot (<c>.test</c>, <c>pds.example.com</c>); at least one.</param>
    /// <param name="reservedNames">Labels nobody may register under a user domain (case-insensitive); <see langword="null"/> for <see cref="DefaultReservedNames"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="userDomains"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There is no domain, or a domain is not a valid hostname or single TLD label.</exception>
    public HandlePolicy(IEnumerable<string> userDomains, IEnumerable<string>? reservedNames = null)
    {
        ArgumentNullException.ThrowIfNull(userDomains);
        var domains = new List<string>();
        foreach (var domain in userDomains)
        {
            var bare = (domain ?? throw new ArgumentException("A user domain is null.", nameof(userDomains))).TrimStart('.').ToLowerInvariant();
            if (!Handle.IsValid("x." + bare))
            {
                throw new ArgumentException($"User domain '{domain}' is not a valid domain.", nameof(userDomains));
            }

            domains.Add("." + bare);
        }

        if (domains.Count == 0)
        {
            throw new ArgumentException("At least one user domain is needed.", nameof(userDomains));
        }

        UserDomains = domains.Distinct(StringComparer.Ordinal).OrderByDescending(d => d.Length).ToList().AsReadOnly();
        _reservedNames = (reservedNames ?? DefaultReservedNames).Select(n => n.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Gets the labels reserved by default: names of roles, services and infrastructure that could mislead users.</summary>
    public static IReadOnlyList<string> DefaultReservedNames { get; } =
    [
        "about", "abuse", "account", "accounts", "admin", "administrator", "api", "app", "atproto", "auth", "billing",
        "blog", "bsky", "bluesky", "contact", "did", "dns", "docs", "email", "feed", "feeds", "ftp", "help", "host",
        "hostmaster", "info", "login", "logout", "mail", "mod", "moderation", "moderator", "news", "noreply", "oauth",
        "official", "pds", "plc", "postmaster", "privacy", "relay", "root", "security", "service", "settings",
        "signup", "staff", "status", "support", "system", "team", "terms", "webmaster", "www", "xrpc",
    ];

    /// <summary>Gets the user domains, lowercase with a leading dot (e.g. <c>.test</c>), longest first (the most specific match wins).</summary>
    public IReadOnlyList<string> UserDomains { get; }

    /// <summary>Tells whether a handle is under one of the user domains.</summary>
    /// <param name="handle">The handle.</param>
    /// <returns><see langword="true"/> if it ends with a user domain (and has something before it); otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is <see langword="null"/>.</exception>
    public bool IsUserDomainHandle(Handle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return FindDomain(handle.Value) is not null;
    }

    /// <summary>
    /// Tells whether a DID is a <c>did:web</c> of a name under one of the user domains (e.g. <c>did:web:alice.test</c>
    /// with domain <c>.test</c>): a DID whose document this server serves, for an account it hosts.
    /// </summary>
    /// <param name="did">The DID.</param>
    /// <returns><see langword="true"/> for a supported <c>did:web</c> without a port whose host name ends with a user domain; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    /// <remarks>Spec: atproto.com/specs/did ("did:web in AT Protocol").</remarks>
    public bool IsUserDomainDidWeb(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return DidWeb.TryGetHost(did, out var host, out var port) && port is null && FindDomain(host) is not null;
    }

    /// <summary>Checks general handle rules: syntax (normalized to lowercase, surrounding whitespace ignored) and no disallowed TLD.</summary>
    /// <param name="handle">The handle as the client sent it.</param>
    /// <returns>The normalized handle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is <see langword="null"/>.</exception>
    /// <exception cref="XrpcException">400 <c>InvalidHandle</c>: bad syntax or a disallowed TLD such as <c>.local</c>.</exception>
    public Handle Normalize(string handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!Handle.TryParse(handle.Trim(), out var parsed))
        {
            throw XrpcException.BadRequest(AccountErrorNames.InvalidHandle, "Input/handle must be a valid handle");
        }

        return parsed.HasDisallowedTld
            ? throw XrpcException.BadRequest(AccountErrorNames.InvalidHandle, $"Handle TLD '.{parsed.Tld}' is not allowed")
            : parsed;
    }

    /// <summary>
    /// Checks a handle that must be under a user domain: the general rules, then one label of allowed length that is
    /// not reserved.
    /// </summary>
    /// <param name="handle">The handle as the client sent it.</param>
    /// <returns>The normalized handle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is <see langword="null"/>.</exception>
    /// <exception cref="XrpcException">
    /// 400 <c>InvalidHandle</c> (general rules, more than one label before the domain, too short or too long),
    /// <c>UnsupportedDomain</c> (not under a user domain), or <c>HandleNotAvailable</c> (reserved).
    /// </exception>
    public Handle ValidateUserDomainHandle(string handle)
    {
        var normalized = Normalize(handle);
        var domain = FindDomain(normalized.Value)
            ?? throw XrpcException.BadRequest(AccountErrorNames.UnsupportedDomain, $"Handles on this server end with {string.Join(" or ", UserDomains)}");
        var label = normalized.Value[..^domain.Length];
        if (label.Contains('.', StringComparison.Ordinal))
        {
            throw XrpcException.BadRequest(AccountErrorNames.InvalidHandle, $"Handle must have a single name before {domain}");
        }

        if (label.Length < MinServiceLabelLength)
        {
            throw XrpcException.BadRequest(AccountErrorNames.InvalidHandle, $"Handle too short: the name before {domain} needs at least {MinServiceLabelLength} characters");
        }

        if (label.Length > MaxServiceLabelLength)
        {
            throw XrpcException.BadRequest(AccountErrorNames.InvalidHandle, $"Handle too long: the name before {domain} has at most {MaxServiceLabelLength} characters");
        }

        return _reservedNames.Contains(label)
            ? throw XrpcException.BadRequest(AccountErrorNames.HandleNotAvailable, "Reserved handle")
            : normalized;
    }

    private string? FindDomain(string handle) =>
        UserDomains.FirstOrDefault(d => handle.Length > d.Length && handle.EndsWith(d, StringComparison.Ordinal));
}
