using System.Globalization;

namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>
/// A Table <c>$filter</c> expression built only from validated property names and typed, escaped literals, so caller
/// data can never change the expression's shape. Example:
/// <c>TableFilter.And(TableFilter.PartitionKeyEquals(did), TableFilter.StartsWith("RowKey", "app.bsky.feed.post/"))</c>.
/// </summary>
/// <remarks>
/// Literals: strings in single quotes with quotes doubled, Int64 with an <c>L</c> suffix, <c>datetime'…Z'</c>,
/// <c>guid'…'</c>, binary as <c>X'hex'</c>, doubles always with a decimal point or exponent.
/// Spec: learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities ("Constructing filter strings").
/// </remarks>
public sealed record TableFilter
{
    private TableFilter(string expression) => Expression = expression;

    /// <summary>Gets the OData expression text, e.g. <c>PartitionKey eq 'a''b'</c>.</summary>
    public string Expression { get; }

    /// <summary>Creates <c>PartitionKey eq 'value'</c>.</summary>
    /// <param name="partitionKey">The PartitionKey.</param>
    /// <returns>The filter.</returns>
    public static TableFilter PartitionKeyEquals(string partitionKey) => Compare("PartitionKey", TableComparison.Equal, partitionKey);

    /// <summary>Creates a comparison with a string literal.</summary>
    /// <param name="property">A property name (letters, digits and '_'), e.g. <c>RowKey</c>.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value; quotes are escaped.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Build(property, comparison, "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'");
    }

    /// <summary>Creates a comparison with an Int32 literal.</summary>
    /// <param name="property">A property name.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, int value) =>
        Build(property, comparison, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Creates a comparison with an Int64 literal (<c>123L</c>).</summary>
    /// <param name="property">A property name.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, long value) =>
        Build(property, comparison, value.ToString(CultureInfo.InvariantCulture) + "L");

    /// <summary>Creates a comparison with a Boolean literal.</summary>
    /// <param name="property">A property name.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, bool value) =>
        Build(property, comparison, value ? "true" : "false");

    /// <summary>Creates a comparison with a finite double literal.</summary>
    /// <param name="property">A property name.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name, or <paramref name="value"/> is NaN or infinite.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("Filters cannot compare with NaN or infinity.", nameof(value));
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.OrdinalIgnoreCase))
        {
            text += ".0";
        }

        return Build(property, comparison, text);
    }

    /// <summary>Creates a comparison with a date-time literal (<c>datetime'2024-01-01T00:00:00.0000000Z'</c>).</summary>
    /// <param name="property">A property name, e.g. <c>Timestamp</c>.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value (converted to UTC).</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, DateTimeOffset value) =>
        Build(property, comparison, "datetime'" + value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'");

    /// <summary>Creates a comparison with a GUID literal (<c>guid'…'</c>).</summary>
    /// <param name="property">A property name.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The value.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, Guid value) =>
        Build(property, comparison, "guid'" + value.ToString("D") + "'");

    /// <summary>Creates a comparison with a binary literal (<c>X'0a1b'</c>).</summary>
    /// <param name="property">A property name.</param>
    /// <param name="comparison">The operator.</param>
    /// <param name="value">The bytes.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter Compare(string property, TableComparison comparison, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Build(property, comparison, "X'" + Convert.ToHexStringLower(value) + "'");
    }

    /// <summary>
    /// Creates a filter matching string values that start with <paramref name="prefix"/>:
    /// <c>property ge 'prefix' and property lt 'prefiy'</c> (the last character incremented).
    /// </summary>
    /// <param name="property">A property name, typically <c>RowKey</c>.</param>
    /// <param name="prefix">The prefix; empty matches every string.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a property name.</exception>
    public static TableFilter StartsWith(string property, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var lower = Compare(property, TableComparison.GreaterThanOrEqual, prefix);
        var end = prefix.Length - 1;
        while (end >= 0 && prefix[end] == char.MaxValue)
        {
            end--;
        }

        if (end < 0)
        {
            return lower;
        }

        var upper = string.Concat(prefix.AsSpan(0, end), ((char)(prefix[end] + 1)).ToString());
        return And(lower, Compare(property, TableComparison.LessThan, upper));
    }

    /// <summary>Combines two filters with <c>and</c>.</summary>
    /// <param name="left">The first filter.</param>
    /// <param name="right">The second filter.</param>
    /// <returns>The filter <c>(left) and (right)</c>.</returns>
    public static TableFilter And(TableFilter left, TableFilter right) => Combine(left, "and", right);

    /// <summary>Combines two filters with <c>or</c>.</summary>
    /// <param name="left">The first filter.</param>
    /// <param name="right">The second filter.</param>
    /// <returns>The filter <c>(left) or (right)</c>.</returns>
    public static TableFilter Or(TableFilter left, TableFilter right) => Combine(left, "or", right);

    /// <summary>Negates a filter.</summary>
    /// <param name="filter">The filter.</param>
    /// <returns>The filter <c>not (filter)</c>.</returns>
    public static TableFilter Not(TableFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new TableFilter($"not ({filter.Expression})");
    }

    /// <summary>Returns <see cref="Expression"/>.</summary>
    public override string ToString() => Expression;

    private static TableFilter Combine(TableFilter left, string op, TableFilter right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new TableFilter($"({left.Expression}) {op} ({right.Expression})");
    }

    private static TableFilter Build(string property, TableComparison comparison, string literal)
    {
        TableNames.ValidateQueryPropertyName(property, nameof(property));
        var op = comparison switch
        {
            TableComparison.Equal => "eq",
            TableComparison.NotEqual => "ne",
            TableComparison.GreaterThan => "gt",
            TableComparison.GreaterThanOrEqual => "ge",
            TableComparison.LessThan => "lt",
            TableComparison.LessThanOrEqual => "le",
            _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
        };
        return new TableFilter($"{property} {op} {literal}");
    }
}
