using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Handles under this PDS's own domains, as the reference PDS allows them at account creation: valid handle syntax,
/// an allowed TLD, ending in one of the service domains (e.g. <c>.pds.example.com</c>), and a first part that is a
/// single label of <see cref="MinNameLength"/>–<see cref="MaxNameLength"/> characters that is not reserved.
/// Custom domains can be set after creation (handle update), not at creation.
/// </summary>
/// <remarks>Spec: atproto.com/specs/handle ("Additional Non-Syntax Restrictions").</remarks>
public sealed class ServiceHandlePolicy : IHandlePolicy
{
    /// <summary>The shortest name before the service domain, in characters.</summary>
    public const int MinNameLength = 3;

    /// <summary>The longest name before the service domain, in characters.</summary>
    public const int MaxNameLength = 18;

    private readonly string[] _domains;
    private readonly HashSet<string> _reserved;

    /// <summary>Initializes the policy.</summary>
    /// <param name="serviceDomains">The domains handles may end in, each with or without a leading dot, e.g. <c>.pds.example.com</c>.</param>
    /// <param name="reservedNames">Names that may not be registered (e.g. <c>admin</c>, <c>www</c>); case-insensitive.</param>
    /// <exception cref="ArgumentException">No domains are given, or a domain is empty.</exception>
    public ServiceHandlePolicy(IEnumerable<string> serviceDomains, IEnumerable<string>? reservedNames = null)
    {
        ArgumentNullException.ThrowIfNull(serviceDomains);
        _domains = [.. serviceDomains.Select(d => "." + d.Trim().TrimStart('.').ToLowerInvariant())];
        if (_domains.Length == 0 || _domains.Any(d => d.Length < 2))
        {
            throw new ArgumentException("At least one non-empty service domain is required.", nameof(serviceDomains));
        }
        _reserved = new HashSet<string>(reservedNames ?? ["admin", "administrator", "root", "support", "www", "api", "pds", "mod", "moderator"], StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public Handle ValidateNewHandle(string handle)
    {
        if (!Handle.TryParse(handle?.Trim(), out var parsed))
        {
            throw Invalid("Input/handle must be a valid handle");
        }
        if (parsed.HasDisallowedTld)
        {
            throw Invalid("Handle TLD is invalid or disallowed");
        }
        var domain = _domains.FirstOrDefault(d => parsed.Value.EndsWith(d, StringComparison.Ordinal));
        if (domain is null)
        {
            throw XrpcException.BadRequest(AccountErrorNames.UnsupportedDomain, "Not a supported handle domain");
        }
        var name = parsed.Value[..^domain.Length];
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw Invalid("Invalid characters in handle");
        }
        if (name.Length < MinNameLength)
        {
            throw Invalid("Handle too short");
        }
        if (name.Length > MaxNameLength)
        {
            throw Invalid("Handle too long");
        }
        if (_reserved.Contains(name))
        {
            throw Invalid("Reserved handle");
        }
        return parsed;
    }

    private static XrpcException Invalid(string message) => XrpcException.BadRequest(AccountErrorNames.InvalidHandle, message);
}
