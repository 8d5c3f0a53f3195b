using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// A timestamp in the strict subset of RFC 3339 and ISO 8601 that Lexicon's <c>datetime</c> format allows, e.g.
/// <c>1985-04-12T23:20:50.123Z</c> or <c>1985-04-12T23:20:50-07:00</c>. <see cref="Value"/> keeps the input exactly.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "datetime" string format. Syntax: <c>YYYY-MM-DDTHH:MM:SS</c> with an uppercase
/// <c>T</c>, an optional fraction of one or more digits after a <c>.</c>, then an uppercase <c>Z</c> or a
/// <c>+HH:MM</c>/<c>-HH:MM</c> offset (<c>-00:00</c> is not allowed); every field zero-padded to its exact width.
/// Beyond syntax, the fields must make a real date and time (month 1-12, a day that exists in that month, hour 0-23,
/// minute and second 0-59, offset minutes 0-59), and the instant must not be before <c>0000-01-01T00:00:00Z</c>.
/// Year 0000 is allowed; <see cref="ToDateTimeOffset"/> cannot represent it.
/// </remarks>
public sealed record AtprotoDatetime : IParsable<AtprotoDatetime>
{
    /// <summary>
    /// The most characters accepted: a generous bound (the spec sets none) that allows fractions of over 40 digits
    /// while keeping hostile input short.
    /// </summary>
    public const int MaxLength = 64;

    private const int MinLength = 20; // YYYY-MM-DDTHH:MM:SSZ

    private AtprotoDatetime(string value)
    {
        Value = value;
    }

    /// <summary>Gets the datetime string, exactly as parsed.</summary>
    public string Value { get; }

    /// <summary>Formats a point in time in the preferred form: UTC, millisecond precision, e.g. <c>2024-01-02T03:04:05.678Z</c>.</summary>
    /// <param name="time">The time; sub-millisecond digits are truncated.</param>
    /// <returns>The datetime.</returns>
    public static AtprotoDatetime FromDateTimeOffset(DateTimeOffset time) =>
        new(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Parses a datetime, checking both syntax and that it names a real instant.</summary>
    /// <param name="s">The datetime string.</param>
    /// <returns>The parsed datetime.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid datetime; the message says why.</exception>
    public static AtprotoDatetime Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s, out _);
        return error is null ? new AtprotoDatetime(s) : throw new FormatException($"Invalid datetime \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The datetime string.</param>
    /// <param name="provider">Ignored; the format does not depend on culture.</param>
    public static AtprotoDatetime Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a datetime, checking both syntax and that it names a real instant.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed datetime, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid datetime; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out AtprotoDatetime? result)
    {
        result = s is not null && Validate(s, out _) is null ? new AtprotoDatetime(s) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out AtprotoDatetime?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; the format does not depend on culture.</param>
    /// <param name="result">The parsed datetime, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out AtprotoDatetime result) =>
        TryParse(s, out result);

    /// <summary>Checks a datetime (syntax and real instant) without allocating.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid datetime; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s, out _) is null;

    /// <summary>
    /// Converts to a <see cref="DateTimeOffset"/>, keeping the written offset when .NET can hold it (at most 14 hours)
    /// and otherwise returning the same instant in UTC. Fraction digits past the seventh (100 ns) are truncated.
    /// </summary>
    /// <returns>The instant.</returns>
    /// <exception cref="OverflowException">The instant is outside 0001-01-01 to 9999-12-31 UTC (e.g. in year 0000).</exception>
    public DateTimeOffset ToDateTimeOffset() =>
        TryToDateTimeOffset(out var result) ? result
            : throw new OverflowException($"The datetime {Value} is outside the range of DateTimeOffset (years 0001-9999 UTC).");

    /// <summary>Tries to convert to a <see cref="DateTimeOffset"/>, as <see cref="ToDateTimeOffset"/> does.</summary>
    /// <param name="result">The instant, or <see langword="default"/> when it is out of range.</param>
    /// <returns><see langword="true"/> if the instant is within 0001-01-01 to 9999-12-31 UTC; otherwise <see langword="false"/>.</returns>
    public bool TryToDateTimeOffset(out DateTimeOffset result)
    {
        Validate(Value, out var f);
        var localTicks = ((DaysSinceYearZero(f.Year, f.Month, f.Day) - DaysSinceYearZero(1, 1, 1)) * TimeSpan.TicksPerDay)
            + (((f.Hour * 60L) + f.Minute) * TimeSpan.TicksPerMinute) + (f.Second * TimeSpan.TicksPerSecond) + f.FractionTicks;
        var offsetTicks = f.OffsetMinutes * TimeSpan.TicksPerMinute;
        var utcTicks = localTicks - offsetTicks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            result = default;
            return false;
        }

        var offset = TimeSpan.FromMinutes(f.OffsetMinutes);
        var offsetFits = Math.Abs(f.OffsetMinutes) <= 14 * 60 && localTicks >= DateTime.MinValue.Ticks && localTicks <= DateTime.MaxValue.Ticks;
        result = offsetFits ? new DateTimeOffset(localTicks, offset) : new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The datetime string.</returns>
    public override string ToString() => Value;

    /// <summary>Checks syntax and then that the fields make a real instant not before year 0000.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    internal static string? Validate(ReadOnlySpan<char> s, out Fields fields)
    {
        var error = ValidateSyntax(s, out fields);
        if (error is not null)
        {
            return error;
        }

        if (fields.Month is < 1 or > 12)
        {
            return "the month must be 01 to 12";
        }

        if (fields.Day < 1 || fields.Day > DaysInMonth(fields.Year, fields.Month))
        {
            return "the day does not exist in that month";
        }

        if (fields.Hour > 23 || fields.Minute > 59 || fields.Second > 59)
        {
            return "the time must be 00:00:00 to 23:59:59";
        }

        if (fields.OffsetHourPart > 23 || fields.OffsetMinutePart > 59)
        {
            return "the offset must be at most 23:59";
        }

        var secondsIntoFirstDay = (((fields.Hour * 60) + fields.Minute) * 60) + fields.Second;
        if (fields.Year == 0 && fields.Month == 1 && fields.Day == 1 && secondsIntoFirstDay < fields.OffsetMinutes * 60)
        {
            return "the instant falls before year 0000 in UTC";
        }

        return null;
    }

    /// <summary>Checks only the shape: digits, separators, widths, fraction and zone, without range checks.</summary>
    /// <returns><see langword="null"/> when well-formed; otherwise why not.</returns>
    internal static string? ValidateSyntax(ReadOnlySpan<char> s, out Fields fields)
    {
        fields = default;
        if (s.Length < MinLength || s.Length > MaxLength)
        {
            return $"must be {MinLength} to {MaxLength} characters like 1985-04-12T23:20:50.123Z";
        }

        if (!TwoDigits(s, 5, out var month) || !TwoDigits(s, 8, out var day) || !TwoDigits(s, 11, out var hour)
            || !TwoDigits(s, 14, out var minute) || !TwoDigits(s, 17, out var second)
            || !TwoDigits(s, 0, out var century) || !TwoDigits(s, 2, out var yearOfCentury)
            || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return "must start with YYYY-MM-DDTHH:MM:SS (zero-padded digits, uppercase 'T')";
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (i - start < 7)
                {
                    fractionTicks += (s[i] - '0') * Pow10(6 - (i - start));
                }

                i++;
            }

            if (i == start)
            {
                return "the fraction after '.' needs at least one digit";
            }
        }

        var zone = s[i..];
        int offsetSign = 0, offsetHours = 0, offsetMins = 0;
        if (zone is "Z")
        {
        }
        else if (zone.Length == 6 && zone[0] is '+' or '-' && TwoDigits(zone, 1, out offsetHours) && zone[3] == ':'
            && TwoDigits(zone, 4, out offsetMins))
        {
            if (zone is "-00:00")
            {
                return "the offset -00:00 (unknown local offset) is not allowed";
            }

            offsetSign = zone[0] == '-' ? -1 : 1;
        }
        else
        {
            return "must end with 'Z' or an offset +HH:MM / -HH:MM";
        }

        fields = new Fields((century * 100) + yearOfCentury, month, day, hour, minute, second, fractionTicks, offsetSign, offsetHours, offsetMins);
        return null;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(s[at]) || !char.IsAsciiDigit(s[at + 1]))
        {
            return false;
        }

        value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
        return true;
    }

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Days from 0000-01-01 in the proleptic Gregorian calendar (year 0 is a leap year).
    private static long DaysSinceYearZero(int year, int month, int day)
    {
        long days = (365L * year) + ((year + 3) / 4) - ((year + 99) / 100) + ((year + 399) / 400);
        for (var m = 1; m < month; m++)
        {
            days += DaysInMonth(year, m);
        }

        return days + day - 1;
    }

    /// <summary>The fields of a well-formed datetime, before range checks; the offset sign is 0 for 'Z'.</summary>
    internal readonly record struct Fields(
        int Year, int Month, int Day, int Hour, int Minute, int Second, long FractionTicks,
        int OffsetSign, int OffsetHourPart, int OffsetMinutePart)
    {
        /// <summary>Gets the signed offset from UTC, in minutes.</summary>
        public int OffsetMinutes => OffsetSign * ((OffsetHourPart * 60) + OffsetMinutePart);
    }
}
