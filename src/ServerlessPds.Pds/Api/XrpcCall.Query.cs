using System.Globalization;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api;

/// <summary>Reading query parameters: each failure is 400 <c>InvalidRequest</c> naming the parameter.</summary>
public sealed partial class XrpcCall
{
    /// <summary>Gets a required parameter that appears once, parsed with <see cref="IParsable{TSelf}"/>.</summary>
    /// <typeparam name="T">The parameter's type, e.g. <see cref="Protocol.Syntax.Did"/> or <see cref="string"/>.</typeparam>
    /// <param name="name">The parameter name, as the lexicon spells it.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: missing, repeated or malformed.</exception>
    public T GetRequired<T>(string name)
        where T : IParsable<T>
    {
        var value = Single(name) ?? throw XrpcException.InvalidRequest($"Missing required query parameter \"{name}\"");
        return ParseParameter<T>(name, value);
    }

    /// <summary>Gets an optional parameter of a reference type.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value, or <see langword="null"/> when absent or empty.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: repeated or malformed.</exception>
    public T? GetOptional<T>(string name)
        where T : class, IParsable<T>
    {
        var value = Single(name);
        return value is null ? null : ParseParameter<T>(name, value);
    }

    /// <summary>Gets an optional parameter with a default.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <param name="defaultValue">The value when absent or empty.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: repeated or malformed.</exception>
    public T GetOptional<T>(string name, T defaultValue)
        where T : IParsable<T>
    {
        var value = Single(name);
        return value is null ? defaultValue : ParseParameter<T>(name, value);
    }

    /// <summary>Gets a boolean parameter: <c>true</c> or <c>false</c> exactly.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: any other text.</exception>
    public bool GetBoolean(string name, bool defaultValue) => Single(name) switch
    {
        null => defaultValue,
        "true" => true,
        "false" => false,
        _ => throw XrpcException.InvalidRequest($"Query parameter \"{name}\" must be true or false"),
    };

    /// <summary>Gets a page size parameter: an integer from 1 to <paramref name="maxValue"/>.</summary>
    /// <param name="defaultValue">The value when absent (the lexicon's default).</param>
    /// <param name="maxValue">The lexicon's maximum.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>The limit.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: not an integer in range.</exception>
    public int GetLimit(int defaultValue, int maxValue, string name = "limit")
    {
        var value = Single(name);
        if (value is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > maxValue)
        {
            throw XrpcException.InvalidRequest($"Query parameter \"{name}\" must be an integer from 1 to {maxValue.ToString(CultureInfo.InvariantCulture)}");
        }

        return limit;
    }

    /// <summary>Gets an opaque pagination cursor.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The cursor, or <see langword="null"/>.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: repeated.</exception>
    public string? GetCursor(string name = "cursor") => Single(name);

    /// <summary>Gets a repeated (array) parameter; empty values are skipped.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <param name="maxCount">The lexicon's <c>maxLength</c>.</param>
    /// <returns>The values, in order.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: too many, or one malformed.</exception>
    public IReadOnlyList<T> GetAll<T>(string name, int maxCount)
        where T : IParsable<T>
    {
        var values = Values(name).Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (values.Count > maxCount)
        {
            throw XrpcException.InvalidRequest($"Query parameter \"{name}\" may appear at most {maxCount.ToString(CultureInfo.InvariantCulture)} times");
        }

        return values.Select(v => ParseParameter<T>(name, v)).ToList();
    }

    private IReadOnlyList<string> Values(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return QueryParameters.TryGetValue(name, out var values) ? values : NoValues;
    }

    private string? Single(string name)
    {
        var values = Values(name);
        return values.Count switch
        {
            0 => null,
            1 => string.IsNullOrEmpty(values[0]) ? null : values[0],
            _ => throw XrpcException.InvalidRequest($"Query parameter \"{name}\" must appear at most once"),
        };
    }

    private static T ParseParameter<T>(string name, string value)
        where T : IParsable<T>
    {
        try
        {
            return T.Parse(value, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new XrpcException(400, XrpcErrorName.InvalidRequest, $"Invalid query parameter \"{name}\": {e.Message}", e);
        }
    }
}
