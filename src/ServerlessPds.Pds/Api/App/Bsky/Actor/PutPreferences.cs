using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Preferences;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Pds.Api.App.Bsky.Actor;

/// <summary>
/// <c>app.bsky.actor.putPreferences</c>: replaces the caller's stored preferences (of the <c>app.bsky</c> namespace),
/// here when the call would go to the configured AppView and forwarded (<see cref="XrpcResult.Forward"/>) when an
/// <c>atproto-proxy</c> header names another service, as the reference PDS. Auth: an access token of an account that may
/// write (not taken down or deactivated). Input <c>{"preferences": [...]}</c>; no output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, 401
/// <c>AccountTakedown</c> / <c>AccountDeactivated</c>; 400 <c>InvalidRequest</c> (bad input, a preference of another
/// namespace, or one the session may not set; see <see cref="PreferenceService.PutAsync"/>); when forwarded, those of
/// the proxy. Lexicon: app.bsky.actor.putPreferences.
/// </remarks>
/// <param name="targets">Tells whether the call goes to the configured AppView.</param>
/// <param name="auth">Checks the access token and the account's state.</param>
/// <param name="preferences">The stored preferences.</param>
public sealed class PutPreferences(ProxyTargetResolver targets, AuthVerifier auth, PreferenceService preferences) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("app.bsky.actor.putPreferences");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!targets.IsConfiguredAppView(Method.Nsid.Value, string.Join(',', call.Headers(ProxyTargetResolver.HeaderName))))
        {
            return XrpcResult.Forward();
        }

        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, checkTakedown: true, checkDeactivated: true, call.Aborted);
        var input = await call.ReadJsonAsync<JsonElement>();
        await preferences.PutAsync(caller, input, call.Aborted);
        return XrpcResult.Empty();
    }
}
