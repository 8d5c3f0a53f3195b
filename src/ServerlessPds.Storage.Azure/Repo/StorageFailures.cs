using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>Turns storage outages (<see cref="StorageErrors.IsUnavailable"/>) into the error the PDS edge answers with.</summary>
internal static class StorageFailures
{
    /// <summary>The XRPC error name for a temporarily unavailable service (HTTP 503).</summary>
    public static readonly XrpcErrorName ServiceUnavailable = new("ServiceUnavailable");

    /// <summary>Runs <paramref name="call"/>, turning an outage into 503 <c>ServiceUnavailable</c>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Runs <paramref name="call"/>, turning an outage into 503 <c>ServiceUnavailable</c>.</summary>
    public static async Task GuardAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Creates the 503 for <paramref name="e"/>, keeping it as the inner exception.</summary>
    public static XrpcException Unavailable(Exception e) =>
        new(503, ServiceUnavailable, $"Storage is unavailable; try again later. ({e.Message})", e);
}
