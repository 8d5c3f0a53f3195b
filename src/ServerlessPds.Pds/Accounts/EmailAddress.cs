namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// A deliberately simple email address check: one <c>@</c>, a local part of 1–64 printable ASCII characters without
/// spaces, a domain of dot-separated letter/digit/hyphen labels with at least one dot, 254 characters at most.
/// Deliverability is proven by confirmation emails, not by syntax.
/// </summary>
internal static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > MaxLength)
        {
            return false;
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at < 1 || at > 64 || at != email.LastIndexOf('@'))
        {
            return false;
        }
        foreach (var c in email.AsSpan(0, at))
        {
            if (c <= ' ' || c > '~' || c is '"' or '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\')
            {
                return false;
            }
        }
        var labels = email[(at + 1)..].Split('.');
        return labels.Length >= 2 && labels.All(IsDomainLabel) && !char.IsAsciiDigit(labels[^1][0]);
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static bool IsDomainLabel(string label) =>
        label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
