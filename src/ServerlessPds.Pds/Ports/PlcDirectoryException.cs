namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The exception an <see cref="IPlcDirectory"/> throws when the directory rejects an operation or cannot be used.
/// <see cref="Status"/> tells the cases apart: 4xx means the operation (or request) was refused and retrying it
/// will not help; 5xx or <see langword="null"/> (no response, or an unreadable one) may be transient.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc (the directory answers errors as <c>{"message": …}</c>).</remarks>
public sealed class PlcDirectoryException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public PlcDirectoryException()
        : this("The PLC directory request failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed.</param>
    public PlcDirectoryException(string message)
        : this(message, status: null)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public PlcDirectoryException(string message, Exception innerException)
        : this(message, status: null, innerException)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What failed, including the directory's own message when it gave one.</param>
    /// <param name="status">The HTTP status the directory answered, or <see langword="null"/> when there was no usable response.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PlcDirectoryException(string message, int? status, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>Gets the HTTP status of the directory's answer, or <see langword="null"/> when there was no usable response.</summary>
    public int? Status { get; }

    /// <summary>Gets a value indicating whether the directory refused the request (a 4xx status): retrying the same request will not help.</summary>
    public bool IsRejection => Status is >= 400 and < 500;
}
