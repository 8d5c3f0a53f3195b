namespace ServerlessPds.Pds.Ports;

/// <summary>An outbound request could not reach its service, or the exchange broke (the proxy answers 502 <c>UpstreamFailure</c>).</summary>
public sealed class UpstreamUnreachableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UpstreamUnreachableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public UpstreamUnreachableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The transport's failure.</param>
    public UpstreamUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
