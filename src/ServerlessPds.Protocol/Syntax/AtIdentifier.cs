using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// An account identifier that is either a <see cref="Syntax.Did"/> or a <see cref="Syntax.Handle"/>, as accepted by
/// many XRPC parameters (<c>repo</c>, <c>actor</c>) and as the authority of an <see cref="AtUri"/>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, string format <c>at-identifier</c>. A string starting with <c>did:</c> must be a
/// valid DID; anything else must be a valid handle (normalized to lowercase).
/// </remarks>
public sealed record AtIdentifier : IParsable<AtIdentifier>
{
    /// <summary>The most characters an identifier may have: that of the longer form, a DID.</summary>
    public const int MaxLength = Syntax.Did.MaxLength;

    private AtIdentifier(Did? did, Handle? handle)
    {
        Did = did;
        Handle = handle;
        Value = did?.Value ?? handle!.Value;
    }

    /// <summary>Gets the identifier string: the DID as parsed, or the lowercase handle.</summary>
    public string Value { get; }

    /// <summary>Gets the DID, or <see langword="null"/> if this identifier is a handle.</summary>
    public Did? Did { get; }

    /// <summary>Gets the handle, or <see langword="null"/> if this identifier is a DID.</summary>
    public Handle? Handle { get; }

    /// <summary>Gets a value indicating whether this identifier is a DID.</summary>
    [MemberNotNullWhen(true, nameof(Did))]
    [MemberNotNullWhen(false, nameof(Handle))]
    public bool IsDid => Did is not null;

    /// <summary>Gets a value indicating whether this identifier is a handle.</summary>
    [MemberNotNullWhen(true, nameof(Handle))]
    [MemberNotNullWhen(false, nameof(Did))]
    public bool IsHandle => Handle is not null;

    /// <summary>Wraps a DID.</summary>
    /// <param name="did">The DID.</param>
    /// <returns>An identifier holding <paramref name="did"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    public static AtIdentifier FromDid(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return new AtIdentifier(did, null);
    }

    /// <summary>Wraps a handle.</summary>
    /// <param name="handle">The handle.</param>
    /// <returns>An identifier holding <paramref name="handle"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is <see langword="null"/>.</exception>
    public static AtIdentifier FromHandle(Handle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new AtIdentifier(null, handle);
    }

    /// <summary>Parses a DID or a handle.</summary>
    /// <param name="s">The identifier string.</param>
    /// <returns>The parsed identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is neither a valid DID nor a valid handle; the message says why.</exception>
    public static AtIdentifier Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (TryParse(s, out var result))
        {
            return result;
        }

        var error = IsDidLike(s) ? Syntax.Did.Validate(s, out _) : Syntax.Handle.Validate(s);
        var kind = IsDidLike(s) ? "DID" : "handle";
        throw new FormatException($"Invalid at-identifier \"{SyntaxText.Clip(s)}\": not a valid {kind}: {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The identifier string.</param>
    /// <param name="provider">Ignored; identifier syntax does not depend on culture.</param>
    public static AtIdentifier Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a DID or a handle.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed identifier, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid DID or handle; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out AtIdentifier? result)
    {
        result = null;
        if (s is null)
        {
            return false;
        }

        if (IsDidLike(s))
        {
            if (Syntax.Did.TryParse(s, out var did))
            {
                result = new AtIdentifier(did, null);
            }
        }
        else if (Syntax.Handle.TryParse(s, out var handle))
        {
            result = new AtIdentifier(null, handle);
        }

        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out AtIdentifier?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; identifier syntax does not depend on culture.</param>
    /// <param name="result">The parsed identifier, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out AtIdentifier result) =>
        TryParse(s, out result);

    /// <summary>Checks at-identifier syntax without allocating.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid DID or handle; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) =>
        s is not null && (IsDidLike(s) ? Syntax.Did.Validate(s, out _) : Syntax.Handle.Validate(s)) is null;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The DID or lowercase handle.</returns>
    public override string ToString() => Value;

    private static bool IsDidLike(ReadOnlySpan<char> s) => s.StartsWith("did:", StringComparison.Ordinal);
}
