using System.Text;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Preferences;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Pds.Api.App.Bsky.Actor;

/// <summary>
/// <c>app.bsky.actor.getPreferences</c>: the caller's stored preferences, answered here when the call would go to the
/// configured AppView (no <c>atproto-proxy</c> header, or one naming it) and forwarded (<see cref="XrpcResult.Forward"/>)
/// when the header names another service, as the reference PDS. Auth: an access token (standard scope or wider); a
/// taken-down account's narrow session is accepted too. No parameters; output <c>{"preferences": [...]}</c>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, and those of
/// <see cref="PreferenceService.GetAsync"/>; when forwarded, those of the proxy. Lexicon: app.bsky.actor.getPreferences.
/// </remarks>
/// <param name="targets">Tells whether the call goes to the configured AppView.</param>
/// <param name="auth">Checks the access token.</param>
/// <param name="preferences">The stored preferences.</param>
public sealed class GetPreferences(ProxyTargetResolver targets, AuthVerifier auth, PreferenceService preferences) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("app.bsky.actor.getPreferences");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!targets.IsConfiguredAppView(Method.Nsid.Value, string.Join(',', call.Headers(ProxyTargetResolver.HeaderName))))
        {
            return XrpcResult.Forward();
        }

        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, allowTakendown: true, call.Aborted);
        var output = await preferences.GetAsync(caller, call.Aborted);
        return XrpcResult.Bytes(XrpcResult.JsonContentType, Encoding.UTF8.GetBytes(output.ToJsonString()));
    }
}
