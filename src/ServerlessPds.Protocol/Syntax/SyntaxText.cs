namespace ServerlessPds.Protocol.Syntax;

/// <summary>Formats offending input for parse error messages, keeping messages short and printable.</summary>
internal static class SyntaxText
{
    private const int MaxShownChars = 80;

    /// <summary>Shortens long input to its first characters followed by an ellipsis and the total length.</summary>
    public static string Clip(string s) =>
        s.Length <= MaxShownChars ? s : string.Concat(s.AsSpan(0, MaxShownChars), $"… ({s.Length} characters)");

    /// <summary>Shows a character, escaping whitespace and control characters as <c>U+XXXX</c>.</summary>
    public static string Show(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();
}
