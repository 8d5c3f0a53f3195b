using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Preferences;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Maps <c>app.bsky.actor.getPreferences</c> and <c>putPreferences</c>: answered here from the account's stored
/// preferences (<see cref="PreferenceService"/>) when the call would go to the configured AppView, and proxied
/// (<see cref="XrpcProxy"/>) when an <c>atproto-proxy</c> header names another service, as the reference PDS.
/// </summary>
/// <remarks>Lexicons: app.bsky.actor.getPreferences, app.bsky.actor.putPreferences.</remarks>
public static class AppBskyActorPreferencesEndpoints
{
    private const string GetNsid = "app.bsky.actor.getPreferences";
    private const string PutNsid = "app.bsky.actor.putPreferences";

    /// <summary>Maps the methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapAppBskyActorPreferences(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery(GetNsid, GetPreferencesAsync);
        xrpc.MapXrpcProcedure(PutNsid, PutPreferencesAsync);
        return xrpc;
    }

    private static async Task GetPreferencesAsync(HttpContext context, ProxyTargetResolver targets, PreferenceService preferences)
    {
        if (!targets.IsConfiguredAppView(GetNsid, context.Request.Headers[ProxyTargetResolver.HeaderName]))
        {
            await XrpcProxy.ForwardAsync(context, GetNsid);
            return;
        }
        var output = await preferences.GetAsync(await context.RequireAccessAsync(AccessLevel.Standard, allowTakendown: true), context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(output.ToJsonString(), context.RequestAborted);
    }

    private static async Task PutPreferencesAsync(HttpContext context, ProxyTargetResolver targets, PreferenceService preferences)
    {
        if (!targets.IsConfiguredAppView(PutNsid, context.Request.Headers[ProxyTargetResolver.HeaderName]))
        {
            await XrpcProxy.ForwardAsync(context, PutNsid);
            return;
        }
        var principal = await context.RequireWriterAsync();
        var input = await context.Request.ReadJsonAsync<JsonElement>(context.RequestAborted);
        await preferences.PutAsync(principal, input, context.RequestAborted);
    }
}
