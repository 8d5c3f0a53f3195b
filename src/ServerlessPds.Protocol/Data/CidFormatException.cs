namespace ServerlessPds.Protocol.Data;

/// <summary>The exception thrown when bytes or a string are not a well-formed CID.</summary>
/// <remarks>Spec: atproto.com/specs/data-model, "Link and CID Formats".</remarks>
public sealed class CidFormatException : FormatException
{
    /// <summary>Initializes a new instance with a message naming what is wrong.</summary>
    /// <param name="message">What is wrong with the input.</param>
    public CidFormatException(string message)
        : base(message)
    {
    }
}
