namespace ServerlessPds.Protocol.Data;

/// <summary>The exception thrown when bytes are not canonical DAG-CBOR of the atproto data model.</summary>
/// <remarks>Spec: atproto.com/specs/data-model, "DAG-CBOR". <see cref="Offset"/> points at the offending byte.</remarks>
public sealed class DagCborFormatException : FormatException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">The byte offset in the input where the problem was found.</param>
    public DagCborFormatException(string message, int offset)
        : base($"{message} (at byte {offset})") => Offset = offset;

    /// <summary>Gets the byte offset in the input where the problem was found.</summary>
    public int Offset { get; }
}
