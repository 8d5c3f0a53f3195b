namespace ServerlessPds.Pds.Api;

/// <summary>
/// Headers that travel with an XRPC error to its response, e.g. an upstream service's <c>retry-after</c> that the
/// proxy passes on. Hosts add them when they render the error.
/// </summary>
public static class XrpcErrorHeaders
{
    /// <summary>The key of the headers in <see cref="Exception.Data"/>.</summary>
    public const string ExceptionDataKey = "ServerlessPds.XrpcErrorHeaders";

    /// <summary>Attaches headers to an error.</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <param name="exception">The error.</param>
    /// <param name="headers">The headers (name, value).</param>
    /// <returns><paramref name="exception"/>.</returns>
    public static TException WithHeaders<TException>(this TException exception, IReadOnlyList<KeyValuePair<string, string>> headers)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(exception);
        exception.Data[ExceptionDataKey] = headers;
        return exception;
    }

    /// <summary>Gets the headers attached to an error.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>The headers, empty when none.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Get(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Data[ExceptionDataKey] as IReadOnlyList<KeyValuePair<string, string>> ?? [];
    }
}
