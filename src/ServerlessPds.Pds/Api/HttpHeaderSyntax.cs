namespace ServerlessPds.Pds.Api;

/// <summary>
/// The RFC 9110 header grammar the handlers parse themselves (hosts hand them raw header text): tokens, optional
/// whitespace, quoted strings, and the <c>Content-Type</c> media type with its parameters.
/// </summary>
/// <remarks>Spec: RFC 9110, sections 5.6.2 (tokens), 5.6.3 (whitespace), 5.6.4 (quoted strings), 8.3.1 (media type).</remarks>
public static class HttpHeaderSyntax
{
    /// <summary>
    /// Reads the media type of a <c>Content-Type</c> value: <c>type "/" subtype</c> (whitespace allowed around the
    /// slash and the value), then optionally <c>";"</c> and parameters (<c>name</c>, <c>name=</c>, <c>name=token</c> or
    /// <c>name="quoted"</c>, separated by <c>;</c>, a trailing <c>;</c> allowed), and nothing else: the leniency of
    /// ASP.NET Core's <c>MediaTypeHeaderValue</c>, which the hosts use.
    /// </summary>
    /// <param name="value">The header value.</param>
    /// <param name="mediaType">The media type as <c>type/subtype</c>, case kept; empty when the value does not parse.</param>
    /// <returns><see langword="true"/> if <paramref name="value"/> is a media type; otherwise <see langword="false"/>.</returns>
    public static bool TryParseMediaType(string? value, out string mediaType)
    {
        mediaType = "";
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var i = SkipWhitespace(value, 0);
        var typeStart = i;
        i = SkipToken(value, i);
        if (i == typeStart)
        {
            return false;
        }

        var type = value[typeStart..i];
        i = SkipWhitespace(value, i);
        if (i == value.Length || value[i] != '/')
        {
            return false;
        }

        i = SkipWhitespace(value, i + 1);
        var subtypeStart = i;
        i = SkipToken(value, i);
        if (i == subtypeStart)
        {
            return false;
        }

        var subtype = value[subtypeStart..i];
        i = SkipWhitespace(value, i);
        if (i < value.Length && value[i] == ';')
        {
            i++;
            i += ParameterListLength(value, i);
        }

        if (SkipWhitespace(value, i) != value.Length)
        {
            return false;
        }

        mediaType = type + "/" + subtype;
        return true;
    }

    /// <summary>Tells whether a character may appear in a token (<c>tchar</c>).</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for an ASCII letter or digit or one of <c>!#$%&amp;'*+-.^_`|~</c>; otherwise <see langword="false"/>.</returns>
    public static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    /// <summary>Skips optional whitespace (spaces and tabs).</summary>
    /// <param name="value">The text.</param>
    /// <param name="index">Where to start.</param>
    /// <returns>The index of the first other character, or the length.</returns>
    public static int SkipWhitespace(string value, int index)
    {
        ArgumentNullException.ThrowIfNull(value);
        while (index < value.Length && value[index] is ' ' or '\t')
        {
            index++;
        }

        return index;
    }

    /// <summary>Skips a token.</summary>
    /// <param name="value">The text.</param>
    /// <param name="index">Where to start.</param>
    /// <returns>The index after the token (<paramref name="index"/> when there is none).</returns>
    public static int SkipToken(string value, int index)
    {
        ArgumentNullException.ThrowIfNull(value);
        while (index < value.Length && IsTokenChar(value[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>Skips a quoted string, with its backslash escapes.</summary>
    /// <param name="value">The text.</param>
    /// <param name="index">Where to start: at the opening quote.</param>
    /// <returns>The index after the closing quote, or <paramref name="index"/> when there is no complete quoted string.</returns>
    public static int SkipQuotedString(string value, int index)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (index >= value.Length || value[index] != '"')
        {
            return index;
        }

        for (var i = index + 1; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                return i + 1;
            }

            if (value[i] == '\\')
            {
                i++;
            }
        }

        return index;
    }

    /// <summary>
    /// The length of a <c>;</c>-separated parameter list from <paramref name="start"/>: up to the first thing that is not
    /// a parameter (a trailing <c>;</c> is consumed), which the caller then finds unparsed unless it is the end.
    /// </summary>
    private static int ParameterListLength(string value, int start)
    {
        var i = SkipWhitespace(value, start);
        while (true)
        {
            var end = SkipParameter(value, i);
            if (end == i)
            {
                return i - start;
            }

            i = SkipWhitespace(value, end);
            if (i == value.Length || value[i] != ';')
            {
                return i - start;
            }

            i = SkipWhitespace(value, i + 1);
        }
    }

    /// <summary>Skips one parameter: a name, optionally <c>=</c> and a token, a quoted string or nothing; returns <paramref name="index"/> when there is no name.</summary>
    private static int SkipParameter(string value, int index)
    {
        var i = SkipToken(value, index);
        if (i == index)
        {
            return index;
        }

        i = SkipWhitespace(value, i);
        if (i == value.Length || value[i] != '=')
        {
            return i;
        }

        var valueStart = SkipWhitespace(value, i + 1);
        var valueEnd = SkipToken(value, valueStart);
        if (valueEnd == valueStart)
        {
            valueEnd = SkipQuotedString(value, valueStart);
        }

        return SkipWhitespace(value, valueEnd);
    }
}
