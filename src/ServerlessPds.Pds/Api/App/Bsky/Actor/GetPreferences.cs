using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Preferences;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Pds.Api.App.Bsky.Actor;

/// <summary>
/// <c>app.bsky.actor.getPreferences</c>: the caller's preferences, kept by this PDS (as the reference PDS does) when the
/// configured AppView would serve the call; any other <c>atproto-proxy</c> target gets the call forwarded. Auth: an access
/// token (a taken-down account's narrow session too). Output: <c>{"preferences": [...]}</c>.
/// </summary>
/// <remarks>Errors: those of <see cref="AuthVerifier"/> and, when forwarded, of <see cref="XrpcProxy"/>. Lexicon: app.bsky.actor.getPreferences.</remarks>
/// <param name="targets">Decides whether the configured AppView is the target.</param>
/// <param name="preferences">The stored preferences.</param>
/// <param name="auth">Checks the access token.</param>
/// <param name="proxy">Forwards calls for other services.</param>
public sealed class GetPreferences(ProxyTargetResolver targets, PreferenceService preferences, AuthVerifier auth, XrpcProxy proxy) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("app.bsky.actor.getPreferences");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!targets.IsConfiguredAppView(Method.Nsid.Value, call.JoinedHeader(ProxyTargetResolver.HeaderName)))
        {
            return await proxy.ForwardAsync(call);
        }

        var principal = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, allowTakendown: true, call.Aborted);
        var output = await preferences.GetAsync(principal, call.Aborted);
        return XrpcResult.Bytes(XrpcResult.JsonContentType, System.Text.Encoding.UTF8.GetBytes(output.ToJsonString()));
    }
}
