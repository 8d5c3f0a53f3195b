using System.Globalization;

namespace ServerlessPds.Pds.Accounts;

/// <summary>Formats times as atproto <c>datetime</c> strings: UTC, millisecond precision, <c>Z</c> suffix.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon ("datetime" format).</remarks>
internal static class AtprotoDateTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
