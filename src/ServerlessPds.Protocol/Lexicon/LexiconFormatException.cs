namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// Thrown when a Lexicon schema document is not valid Lexicon: bad JSON, a wrong <c>lexicon</c> version, an
/// <c>id</c> that is not an NSID, an unknown or misplaced definition type, or a constraint that does not fit its type.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon. The message names the JSON location of the problem, e.g.
/// <c>defs.main.record: must be an object definition</c>.
/// </remarks>
public sealed class LexiconFormatException : FormatException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message, naming where in the document the problem is.</param>
    public LexiconFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message, naming where in the document the problem is.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public LexiconFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
