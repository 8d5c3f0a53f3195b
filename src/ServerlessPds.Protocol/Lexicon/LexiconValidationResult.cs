namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The outcome of validating data against Lexicon schemas.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "Validation". Instances are immutable; the valid result is shared.</remarks>
public sealed class LexiconValidationResult
{
    private LexiconValidationResult(LexiconValidationStatus status, IReadOnlyList<LexiconValidationError> errors, string message)
    {
        Status = status;
        Errors = errors;
        Message = message;
    }

    /// <summary>Gets the result of data that matches its schema.</summary>
    public static LexiconValidationResult Valid { get; } = new(LexiconValidationStatus.Valid, [], "valid");

    /// <summary>Gets the outcome.</summary>
    public LexiconValidationStatus Status { get; }

    /// <summary>Gets a value indicating whether <see cref="Status"/> is <see cref="LexiconValidationStatus.Valid"/>.</summary>
    public bool IsValid => Status == LexiconValidationStatus.Valid;

    /// <summary>Gets the errors found (empty unless <see cref="Status"/> is <see cref="LexiconValidationStatus.Invalid"/>); at least one when invalid.</summary>
    public IReadOnlyList<LexiconValidationError> Errors { get; }

    /// <summary>Gets a one-line explanation: the errors joined by <c>; </c>, or why the status is unknown.</summary>
    public string Message { get; }

    /// <summary>Creates the result for data with no known schema.</summary>
    /// <param name="message">Why, e.g. <c>no lexicon for collection com.example.thing</c>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static LexiconValidationResult Unknown(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(LexiconValidationStatus.Unknown, [], message);
    }

    /// <summary>Creates the result for invalid data.</summary>
    /// <param name="errors">The errors; at least one.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public static LexiconValidationResult Invalid(IReadOnlyList<LexiconValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("An invalid result needs at least one error.", nameof(errors));
        }

        return new(LexiconValidationStatus.Invalid, errors, string.Join("; ", errors));
    }

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The explanation.</returns>
    public override string ToString() => Message;
}
