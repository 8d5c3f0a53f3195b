using System.Globalization;
using System.Text;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <summary>
/// Row keys of the account tables and the escaping that makes any text a valid key: the characters Table Storage
/// forbids in keys (<c>/ \ # ?</c>, U+0000-U+001F, U+007F-U+009F) and <c>%</c> itself become <c>%XX</c> (two uppercase
/// hex digits of the UTF-16 code unit), so the mapping is one-to-one.
/// </summary>
internal static class TableAccountKeys
{
    public const string AccountRow = "account";
    public const string AppPasswordPrefix = "app:";
    public const string RefreshTokenPrefix = "refresh:";
    public const string EmailTokenPrefix = "emailtoken:";
    public const string HandlePartition = "handle";
    public const string EmailPartition = "email";
    public const string InviteCodeRow = "code";
    public const string InviteUsePrefix = "use:";

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>The escaped key, or <see langword="null"/> when it would exceed <see cref="TableLimits.MaxKeyChars"/>.</summary>
    public static string? TryKey(string prefix, string text)
    {
        var key = prefix + Escape(text);
        return key.Length <= TableLimits.MaxKeyChars ? key : null;
    }

    /// <summary>The escaped key.</summary>
    /// <exception cref="ArgumentException">The key would exceed <see cref="TableLimits.MaxKeyChars"/>.</exception>
    public static string Key(string prefix, string text, string parameterName) =>
        TryKey(prefix, text) ?? throw new ArgumentException(
            $"The value is too long for a Table key ({TableLimits.MaxKeyChars} characters after escaping).", parameterName);
}
