using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>Connections over a <see cref="ScriptedTransport"/> with near-instant retries.</summary>
public static class FakeStorage
{
    public static StorageConnection Connect(ScriptedTransport transport, int maxRetries = 3) =>
        new(StorageConnectionString.Parse("UseDevelopmentStorage=true"), Options(transport, maxRetries));

    public static StorageClientOptions Options(ScriptedTransport transport, int maxRetries = 3)
    {
        var options = new StorageClientOptions { Transport = transport };
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    public static HttpResponseMessage WithETag(HttpResponseMessage response, string etag)
    {
        response.Headers.TryAddWithoutValidation("ETag", etag);
        return response;
    }
}
