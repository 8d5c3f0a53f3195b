namespace ServerlessPds.Protocol.Syntax;

/// <summary>Checks dot-separated DNS labels, the shared building block of handles and NSID authorities.</summary>
/// <remarks>Spec: atproto.com/specs/handle (segment rules), atproto.com/specs/nsid (domain authority rules).</remarks>
internal static class HostnameLabels
{
    /// <summary>
    /// Checks that <paramref name="s"/> is one or more labels separated by single dots, each 1 to
    /// <paramref name="maxLabelLength"/> ASCII letters, digits or hyphens, not starting or ending with a hyphen.
    /// </summary>
    /// <param name="s">The text to check.</param>
    /// <param name="maxLabelLength">The most characters one label may have.</param>
    /// <param name="labels">The number of labels found (valid only when the result is <see langword="null"/>).</param>
    /// <param name="lastStart">The index where the last label starts.</param>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    public static string? Validate(ReadOnlySpan<char> s, int maxLabelLength, out int labels, out int lastStart)
    {
        labels = 0;
        lastStart = 0;
        if (s.IsEmpty)
        {
            return "is empty";
        }

        var start = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && s[i] != '.')
            {
                var c = s[i];
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return $"character '{SyntaxText.Show(c)}' is not allowed (only ASCII letters, digits, '-' and '.')";
                }

                continue;
            }

            var length = i - start;
            if (length == 0)
            {
                return "has an empty segment (leading, trailing or double '.')";
            }

            if (length > maxLabelLength)
            {
                return $"segment {labels + 1} is longer than {maxLabelLength} characters";
            }

            if (s[start] == '-' || s[i - 1] == '-')
            {
                return $"segment {labels + 1} starts or ends with '-'";
            }

            labels++;
            lastStart = start;
            start = i + 1;
        }

        return null;
    }
}
