using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The server-side state of one refresh token (the <c>jti</c> of a refresh JWT). A refresh token is valid only while
/// its record exists and has not expired; rotating it sets <see cref="NextId"/> and shortens <see cref="ExpiresAt"/>
/// to the grace period.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc (authentication); lexicon com.atproto.server.refreshSession.</remarks>
public sealed record RefreshTokenRecord
{
    /// <summary>Gets the token id: the JWT's <c>jti</c>, a random base64url string.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the account the token belongs to (the JWT's <c>sub</c>).</summary>
    public required Did Did { get; init; }

    /// <summary>Gets the app password the session was created with, or <see langword="null"/> for the account password.</summary>
    public string? AppPasswordName { get; init; }

    /// <summary>Gets a value indicating whether the session was created with a privileged app password.</summary>
    public bool AppPasswordPrivileged { get; init; }

    /// <summary>Gets when the token stops being accepted (UTC).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Gets the id of the token that replaced this one, or <see langword="null"/> while it is unused.</summary>
    public string? NextId { get; init; }

    /// <summary>Gets the store's concurrency token (ETag) of this version; <see langword="null"/> before it is stored.</summary>
    public string? ETag { get; init; }
}
