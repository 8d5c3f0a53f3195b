namespace ServerlessPds.Protocol.Data;

/// <summary>
/// The exception thrown when a multibase string, or the base32 / base58btc text inside it, is malformed:
/// an unknown or missing prefix character, a character outside the alphabet, an impossible length,
/// non-zero padding bits, or input over the decoder's size limit.
/// </summary>
/// <remarks>Spec: atproto.com/specs/data-model (CIDs in base32) and atproto.com/specs/cryptography (multibase keys).</remarks>
public sealed class MultibaseFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="MultibaseFormatException"/> class with no message.</summary>
    public MultibaseFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MultibaseFormatException"/> class with a message.</summary>
    /// <param name="message">A description of what is wrong with the input.</param>
    public MultibaseFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MultibaseFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">A description of what is wrong with the input.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public MultibaseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
