namespace ServerlessPds.Pds.Ports;

/// <summary>A request to the service behind <see cref="IFirehoseConnections"/> failed: refused (status) or unanswered.</summary>
public sealed class FirehoseConnectionException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What failed, naming the operation and the status or cause.</param>
    /// <param name="status">The HTTP status the service answered, or 0 when it did not answer.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public FirehoseConnectionException(string message, int status, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>Gets the HTTP status the service answered, or 0 when it did not answer.</summary>
    public int Status { get; }
}
