using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Preferences;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Pds.Api.App.Bsky.Actor;

/// <summary>
/// <c>app.bsky.actor.putPreferences</c>: replaces the caller's preferences (see <see cref="PreferenceService.PutAsync"/>)
/// when the configured AppView would serve the call; forwarded otherwise. Auth: an access token of an account that may
/// write. Input: <c>{"preferences": [...]}</c>; no output.
/// </summary>
/// <remarks>Errors: 400 <c>InvalidRequest</c> (bad input), those of <see cref="AuthVerifier"/> and of <see cref="XrpcProxy"/>. Lexicon: app.bsky.actor.putPreferences.</remarks>
/// <param name="targets">Decides whether the configured AppView is the target.</param>
/// <param name="preferences">The stored preferences.</param>
/// <param name="auth">Checks the access token.</param>
/// <param name="proxy">Forwards calls for other services.</param>
public sealed class PutPreferences(ProxyTargetResolver targets, PreferenceService preferences, AuthVerifier auth, XrpcProxy proxy) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("app.bsky.actor.putPreferences");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!targets.IsConfiguredAppView(Method.Nsid.Value, call.JoinedHeader(ProxyTargetResolver.HeaderName)))
        {
            return await proxy.ForwardAsync(call);
        }

        var principal = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, checkTakedown: true, checkDeactivated: true, call.Aborted);
        var input = await call.ReadJsonAsync<JsonElement>();
        await preferences.PutAsync(principal, input, call.Aborted);
        return XrpcResult.Empty();
    }
}
