using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// A timestamp identifier (TID): 13 characters of base32-sortable encoding a 64-bit integer whose top bit is 0, whose
/// next 53 bits are microseconds since the Unix epoch and whose low 10 bits are a clock identifier. Used as record keys
/// and as commit revisions (<c>rev</c>). Ordinal string order equals integer order, i.e. time order.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/tid. Syntax: exactly 13 characters from <c>234567abcdefghijklmnopqrstuvwxyz</c>
/// (lowercase only), the first one in <c>2-7a-j</c>. Comparison (<see cref="CompareTo(Tid?)"/>) is ordinal on
/// <see cref="Value"/>, the order the sync spec requires for revs.
/// </remarks>
public sealed record Tid : IParsable<Tid>, IComparable<Tid>
{
    /// <summary>The number of characters of every TID. Spec: atproto.com/specs/tid.</summary>
    public const int Length = 13;

    /// <summary>The most characters a TID may have (every TID has exactly <see cref="Length"/>).</summary>
    public const int MaxLength = Length;

    /// <summary>The largest timestamp, in microseconds since the Unix epoch: 2^53 − 1. Spec: atproto.com/specs/tid.</summary>
    public const long MaxTimestamp = (1L << 53) - 1;

    /// <summary>The largest clock identifier: 2^10 − 1. Spec: atproto.com/specs/tid.</summary>
    public const int MaxClockId = 1023;

    private const string Alphabet = "234567abcdefghijklmnopqrstuvwxyz";

    private Tid(string value, ulong integer)
    {
        Value = value;
        Timestamp = (long)(integer >> 10);
        ClockId = (int)(integer & MaxClockId);
    }

    /// <summary>Gets the 13-character TID string.</summary>
    public string Value { get; }

    /// <summary>
    /// Gets the timestamp part, in microseconds since the Unix epoch (UTC). Well-formed TIDs whose first character is
    /// past <c>b</c> have the (reserved) top bit set; their timestamp exceeds <see cref="MaxTimestamp"/>.
    /// </summary>
    public long Timestamp { get; }

    /// <summary>Gets the clock identifier part, 0 to <see cref="MaxClockId"/>.</summary>
    public int ClockId { get; }

    /// <summary>Compares two TIDs by ordinal string order (= time order).</summary>
    /// <param name="left">The first TID.</param>
    /// <param name="right">The second TID.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts before <paramref name="right"/>; otherwise <see langword="false"/>.</returns>
    public static bool operator <(Tid? left, Tid? right) => Compare(left, right) < 0;

    /// <summary>Compares two TIDs by ordinal string order (= time order).</summary>
    /// <param name="left">The first TID.</param>
    /// <param name="right">The second TID.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts after <paramref name="right"/>; otherwise <see langword="false"/>.</returns>
    public static bool operator >(Tid? left, Tid? right) => Compare(left, right) > 0;

    /// <summary>Compares two TIDs by ordinal string order (= time order).</summary>
    /// <param name="left">The first TID.</param>
    /// <param name="right">The second TID.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts before or equal to <paramref name="right"/>; otherwise <see langword="false"/>.</returns>
    public static bool operator <=(Tid? left, Tid? right) => Compare(left, right) <= 0;

    /// <summary>Compares two TIDs by ordinal string order (= time order).</summary>
    /// <param name="left">The first TID.</param>
    /// <param name="right">The second TID.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts after or equal to <paramref name="right"/>; otherwise <see langword="false"/>.</returns>
    public static bool operator >=(Tid? left, Tid? right) => Compare(left, right) >= 0;

    /// <summary>Builds a TID from its parts.</summary>
    /// <param name="microseconds">Microseconds since the Unix epoch (UTC), 0 to <see cref="MaxTimestamp"/>.</param>
    /// <param name="clockId">The clock identifier, 0 to <see cref="MaxClockId"/>.</param>
    /// <returns>The TID; its <see cref="Timestamp"/> and <see cref="ClockId"/> equal the arguments.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static Tid FromTime(long microseconds, int clockId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(microseconds, MaxTimestamp);
        ArgumentOutOfRangeException.ThrowIfNegative(clockId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clockId, MaxClockId);
        var integer = ((ulong)microseconds << 10) | (uint)clockId;
        return new Tid(Encode(integer), integer);
    }

    /// <summary>Builds a TID from a point in time (truncated to whole microseconds) and a clock identifier.</summary>
    /// <param name="time">The time; must not be before the Unix epoch.</param>
    /// <param name="clockId">The clock identifier, 0 to <see cref="MaxClockId"/>.</param>
    /// <returns>The TID.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before 1970, or <paramref name="clockId"/> is out of range.</exception>
    public static Tid FromTime(DateTimeOffset time, int clockId) =>
        FromTime((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond, clockId);

    /// <summary>Parses a TID.</summary>
    /// <param name="s">The TID string.</param>
    /// <returns>The parsed TID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not valid TID syntax; the message says why.</exception>
    public static Tid Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var error = Validate(s, out var integer);
        return error is null ? new Tid(s, integer) : throw new FormatException($"Invalid TID \"{SyntaxText.Clip(s)}\": {error}.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The TID string.</param>
    /// <param name="provider">Ignored; TID syntax does not depend on culture.</param>
    public static Tid Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse a TID.</summary>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="result">The parsed TID, or <see langword="null"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid TID; otherwise <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Tid? result)
    {
        result = s is not null && Validate(s, out var integer) is null ? new Tid(s, integer) : null;
        return result is not null;
    }

    /// <inheritdoc cref="TryParse(string?, out Tid?)"/>
    /// <param name="s">The candidate string; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="provider">Ignored; TID syntax does not depend on culture.</param>
    /// <param name="result">The parsed TID, or <see langword="null"/> when parsing fails.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Tid result) =>
        TryParse(s, out result);

    /// <summary>Checks TID syntax without allocating.</summary>
    /// <param name="s">The candidate string.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid TID; otherwise <see langword="false"/>.</returns>
    public static bool IsValid([NotNullWhen(true)] string? s) => s is not null && Validate(s, out _) is null;

    /// <summary>Compares by ordinal string order, which is time order; <see langword="null"/> sorts first.</summary>
    /// <param name="other">The TID to compare with.</param>
    /// <returns>Negative, zero or positive as this TID sorts before, equal to or after <paramref name="other"/>.</returns>
    public int CompareTo(Tid? other) => Compare(this, other);

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The TID string.</returns>
    public override string ToString() => Value;

    /// <summary>Checks TID syntax and decodes the 64-bit integer.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    internal static string? Validate(ReadOnlySpan<char> s, out ulong integer)
    {
        integer = 0;
        if (s.Length != Length)
        {
            return $"must be exactly {Length} characters, not {s.Length}";
        }

        foreach (var c in s)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0)
            {
                return $"character '{SyntaxText.Show(c)}' is not in the base32-sortable alphabet ({Alphabet})";
            }

            integer = (integer << 5) | (uint)digit;
        }

        // 13 × 5 = 65 bits: the first character must leave bit 64 clear (2-7, a-j).
        return Alphabet.IndexOf(s[0]) >= 16 ? "the first character must be one of 234567abcdefghij (the high bit must be 0)" : null;
    }

    private static string Encode(ulong integer) =>
        string.Create(Length, integer, static (chars, value) =>
        {
            for (var i = Length - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });

    private static int Compare(Tid? left, Tid? right) =>
        string.CompareOrdinal(left?.Value, right?.Value);
}
