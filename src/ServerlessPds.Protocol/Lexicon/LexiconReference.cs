using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Parses and compares references between definitions (<c>nsid#name</c>, <c>#name</c>, bare <c>nsid</c>).</summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "Lexicon Files" (definition names) and "ref".</remarks>
internal static class LexiconReference
{
    /// <summary>The name of a document's primary definition.</summary>
    internal const string MainName = "main";

    /// <summary>Makes a reference absolute: <c>#name</c> becomes <c>documentId#name</c>, a bare NSID gets <c>#main</c>.</summary>
    /// <param name="reference">The reference as written.</param>
    /// <param name="documentId">The NSID of the document holding the reference.</param>
    /// <returns>The absolute reference, or <see langword="null"/> when <paramref name="reference"/> is malformed.</returns>
    internal static string? Normalize(string reference, string documentId)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return Nsid.IsValid(reference) ? reference + "#" + MainName : null;
        }

        if (!IsValidDefName(reference.AsSpan(hash + 1)))
        {
            return null;
        }

        if (hash == 0)
        {
            return documentId + reference;
        }

        return Nsid.IsValid(reference[..hash]) ? reference : null;
    }

    /// <summary>Tells whether <paramref name="type"/> (a <c>$type</c> value) names the definition <paramref name="target"/>.</summary>
    /// <param name="target">An absolute reference, <c>nsid#name</c>.</param>
    /// <param name="type">A <c>$type</c>: <c>nsid#name</c>, or a bare NSID meaning <c>nsid#main</c>.</param>
    /// <returns><see langword="true"/> if they name the same definition; otherwise <see langword="false"/>.</returns>
    internal static bool Matches(string target, string type)
    {
        if (string.Equals(target, type, StringComparison.Ordinal))
        {
            return true;
        }

        const string mainSuffix = "#" + MainName;
        return target.Length == type.Length + mainSuffix.Length
            && target.EndsWith(mainSuffix, StringComparison.Ordinal)
            && target.StartsWith(type, StringComparison.Ordinal)
            && !type.Contains('#', StringComparison.Ordinal);
    }

    /// <summary>Checks a definition name: an ASCII letter followed by ASCII letters, digits or underscores.</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns><see langword="true"/> if valid; otherwise <see langword="false"/>.</returns>
    internal static bool IsValidDefName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
