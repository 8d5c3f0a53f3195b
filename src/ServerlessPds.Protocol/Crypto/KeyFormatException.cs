namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// The exception thrown when a key cannot be decoded: a malformed <c>did:key</c> or multikey string, an unsupported
/// multicodec key type, a point of the wrong length or not on the curve, or a private key out of range.
/// </summary>
/// <remarks>Spec: atproto.com/specs/cryptography (public key encoding).</remarks>
public sealed class KeyFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="KeyFormatException"/> class with no message.</summary>
    public KeyFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KeyFormatException"/> class with a message.</summary>
    /// <param name="message">A description of what is wrong with the key.</param>
    public KeyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KeyFormatException"/> class with a message and a cause.</summary>
    /// <param name="message">A description of what is wrong with the key.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
