using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// One service endpoint plus the Azure.Core pipeline that reaches it (version header, retries, authorization, logging).
/// Sends messages and turns transport failures into <see cref="StorageUnavailableException"/>.
/// </summary>
internal sealed class StoragePipeline
{
    public StoragePipeline(HttpPipeline pipeline, Uri endpoint, StorageService service)
    {
        Pipeline = pipeline;
        BaseUrl = endpoint.AbsoluteUri.TrimEnd('/');
        Endpoint = new Uri(BaseUrl);
        Service = service;
    }

    /// <summary>Gets the endpoint as text without a trailing slash, for building absolute URLs (e.g. batch sub-requests).</summary>
    public string BaseUrl { get; }

    /// <summary>Gets the Azure.Core pipeline.</summary>
    public HttpPipeline Pipeline { get; }

    /// <summary>Gets the service endpoint without a trailing slash, e.g. <c>https://acct.table.core.windows.net</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the service this pipeline talks to.</summary>
    public StorageService Service { get; }

    /// <summary>Creates a message for <paramref name="method"/> on <paramref name="escapedPath"/> (already URL-escaped, starting with '/').</summary>
    public HttpMessage CreateMessage(RequestMethod method, string escapedPath)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Endpoint);
        message.Request.Uri.AppendPath(escapedPath, escape: false);
        return message;
    }

    /// <summary>Sends <paramref name="message"/> through the pipeline and returns the response, whatever its status.</summary>
    /// <exception cref="StorageUnavailableException">No response arrived after all retries (connection failure or timeout).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Response> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message.Response;
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            var detail = Innermost(ex).Message;
            throw new StorageUnavailableException(
                $"{operation}: the {Service} service at {Endpoint.Authority} could not be reached or did not answer in time ({detail}).",
                innerException: ex);
        }
    }

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(inner => IsTransportFailure(inner, cancellationToken)),
        _ => false,
    };

    private static Exception Innermost(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            exception = aggregate.InnerExceptions[^1];
        }

        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
