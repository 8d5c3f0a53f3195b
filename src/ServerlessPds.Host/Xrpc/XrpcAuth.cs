using ServerlessPds.Pds.Auth;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Authentication of XRPC handlers: reads the <c>Authorization</c> header and checks it with <see cref="AuthVerifier"/>
/// (registered in DI). Failures are <see cref="Protocol.Xrpc.XrpcException"/>s the error middleware renders.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("Authentication").</remarks>
public static class XrpcAuth
{
    /// <summary>Gets the raw <c>Authorization</c> header, or <see langword="null"/>.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The header value.</returns>
    public static string? Authorization(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.Request.Headers.Authorization;
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// Requires a Bearer access token whose scope the endpoint accepts and whose session is still live (reads; the
    /// account's status is not checked).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="level">The scopes the endpoint accepts.</param>
    /// <param name="allowTakendown">Also accept the narrow taken-down session.</param>
    /// <returns>The principal.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> or <c>InvalidToken</c>
    /// (also for a token whose session was ended: deleteSession, app password revoked).</exception>
    public static Task<AccessPrincipal> RequireAccessAsync(this HttpContext context, AccessLevel level = AccessLevel.Standard, bool allowTakendown = false) =>
        Verifier(context).VerifyAccessAsync(context.Authorization(), level, allowTakendown, context.RequestAborted);

    /// <summary>
    /// Requires a Bearer access token of an account that may write: not taken down and not deactivated.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="level">The scopes the endpoint accepts.</param>
    /// <returns>The principal.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">As <see cref="RequireAccessAsync"/>; 401 <c>AccountDeactivated</c> or <c>AccountTakedown</c>.</exception>
    public static Task<AccessPrincipal> RequireWriterAsync(this HttpContext context, AccessLevel level = AccessLevel.Standard) =>
        Verifier(context).VerifyAccessAsync(context.Authorization(), level, checkTakedown: true, checkDeactivated: true, context.RequestAborted);

    private static AuthVerifier Verifier(HttpContext context) => context.RequestServices.GetRequiredService<AuthVerifier>();
}
