using System.Globalization;
using Microsoft.Extensions.Primitives;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Reads XRPC query parameters with the lexicon's rules: an empty value counts as absent, a scalar parameter appears at
/// most once, an array parameter repeats its name (<c>?uris=a&amp;uris=b</c>), booleans are exactly <c>true</c> or
/// <c>false</c>. Every problem becomes a 400 <c>InvalidRequest</c> (<see cref="XrpcException"/>) whose message names the
/// parameter. Values parse with <see cref="IParsable{TSelf}"/> and the invariant culture, so the protocol identifiers
/// (<c>Did</c>, <c>Nsid</c>, <c>AtUri</c>, ...) and numbers work alike.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints" (params map to URL query parameters).</remarks>
public static class XrpcQuery
{
    /// <summary>Gets a required parameter.</summary>
    /// <typeparam name="T">The value type, e.g. <c>Did</c>, <c>string</c>, <c>long</c>.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name, as in the lexicon.</param>
    /// <returns>The parsed value.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: the parameter is missing, repeated or does not parse.</exception>
    public static T GetRequired<T>(this HttpRequest request, string name)
        where T : IParsable<T>
    {
        var value = Single(request, name) ?? throw XrpcException.InvalidRequest($"Missing required query parameter \"{name}\"");
        return Parse<T>(name, value);
    }

    /// <summary>Gets an optional parameter of a reference type.</summary>
    /// <typeparam name="T">The value type, e.g. <c>Did</c> or <c>string</c>.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>The parsed value, or <see langword="null"/> when the parameter is absent or empty.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: the parameter is repeated or does not parse.</exception>
    public static T? GetOptional<T>(this HttpRequest request, string name)
        where T : class, IParsable<T>
    {
        var value = Single(request, name);
        return value is null ? null : Parse<T>(name, value);
    }

    /// <summary>Gets an optional parameter with a default.</summary>
    /// <typeparam name="T">The value type, e.g. <c>long</c>.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="defaultValue">The value when the parameter is absent or empty.</param>
    /// <returns>The parsed value or <paramref name="defaultValue"/>.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: the parameter is repeated or does not parse.</exception>
    public static T GetOptional<T>(this HttpRequest request, string name, T defaultValue)
        where T : IParsable<T>
    {
        var value = Single(request, name);
        return value is null ? defaultValue : Parse<T>(name, value);
    }

    /// <summary>Gets a boolean parameter: exactly <c>true</c> or <c>false</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="defaultValue">The value when the parameter is absent or empty.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: the parameter is repeated or neither <c>true</c> nor <c>false</c>.</exception>
    public static bool GetBoolean(this HttpRequest request, string name, bool defaultValue) => Single(request, name) switch
    {
        null => defaultValue,
        "true" => true,
        "false" => false,
        _ => throw XrpcException.InvalidRequest($"Query parameter \"{name}\" must be true or false"),
    };

    /// <summary>Gets a page size such as <c>limit</c>: an integer from 1 to <paramref name="maxValue"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="defaultValue">The value when the parameter is absent, e.g. 50.</param>
    /// <param name="maxValue">The largest allowed value, e.g. 100.</param>
    /// <param name="name">The parameter name; <c>limit</c> unless the lexicon says otherwise.</param>
    /// <returns>The page size.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: not an integer, or out of range.</exception>
    public static int GetLimit(this HttpRequest request, int defaultValue, int maxValue, string name = "limit")
    {
        var value = Single(request, name);
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
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name; <c>cursor</c> unless the lexicon says otherwise.</param>
    /// <returns>The cursor, or <see langword="null"/> for the first page.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: the parameter is repeated.</exception>
    public static string? GetCursor(this HttpRequest request, string name = "cursor") => Single(request, name);

    /// <summary>Gets an array parameter: every occurrence of <paramref name="name"/>, in order; empty values are skipped.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="maxCount">The most items allowed (the lexicon's <c>maxLength</c>).</param>
    /// <returns>The parsed items; empty when the parameter is absent.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: too many items, or an item does not parse.</exception>
    public static IReadOnlyList<T> GetAll<T>(this HttpRequest request, string name, int maxCount)
        where T : IParsable<T>
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name].Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (values.Count > maxCount)
        {
            throw XrpcException.InvalidRequest($"Query parameter \"{name}\" may appear at most {maxCount.ToString(CultureInfo.InvariantCulture)} times");
        }

        return values.Select(v => Parse<T>(name, v!)).ToList();
    }

    private static string? Single(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(name);
        StringValues values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => string.IsNullOrEmpty(values[0]) ? null : values[0],
            _ => throw XrpcException.InvalidRequest($"Query parameter \"{name}\" must appear at most once"),
        };
    }

    private static T Parse<T>(string name, string value)
        where T : IParsable<T>
    {
        try
        {
            return T.Parse(value, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new XrpcException(StatusCodes.Status400BadRequest, XrpcErrorName.InvalidRequest, $"Invalid query parameter \"{name}\": {e.Message}", e);
        }
    }
}
