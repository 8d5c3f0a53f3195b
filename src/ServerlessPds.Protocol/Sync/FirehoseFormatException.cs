namespace ServerlessPds.Protocol.Sync;

/// <summary>The exception thrown when bytes are not a well-formed firehose frame or message body.</summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream (frame layout) and the lexicon <c>com.atproto.sync.subscribeRepos</c> (bodies).
/// When the cause is malformed DAG-CBOR, <see cref="Exception.InnerException"/> is the
/// <see cref="Data.DagCborFormatException"/>.
/// </remarks>
public sealed class FirehoseFormatException : FormatException
{
    /// <summary>Initializes a new instance with a message naming what is wrong.</summary>
    /// <param name="message">What is wrong with the input.</param>
    public FirehoseFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong with the input.</param>
    /// <param name="innerException">The underlying decoding failure.</param>
    public FirehoseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
