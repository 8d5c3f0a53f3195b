namespace ServerlessPds.Protocol.Lexicon;

/// <summary>One way data fails its Lexicon schema: where, and why.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "Validation".</remarks>
/// <param name="Path">
/// The location in the data, JSON-path style: <c>$</c> is the validated value, <c>.name</c> a map key, <c>[i]</c> an
/// array index, e.g. <c>$.embed.images[0].alt</c>.
/// </param>
/// <param name="Message">What is wrong, e.g. <c>must not be longer than 300 graphemes (it has 301)</c>.</param>
public sealed record LexiconValidationError(string Path, string Message)
{
    /// <summary>Returns <c>Path: Message</c>.</summary>
    /// <returns>The error as one line.</returns>
    public override string ToString() => $"{Path}: {Message}";
}
