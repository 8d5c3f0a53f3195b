using System.Globalization;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api;

/// <summary>Parses identifier fields of XRPC input (DIDs, NSIDs, rkeys, CIDs); a malformed field is 400 <c>InvalidRequest</c> naming it.</summary>
public static class XrpcInput
{
    /// <summary>Parses a value with <see cref="IParsable{TSelf}"/>.</summary>
    /// <typeparam name="T">The identifier type, e.g. <see cref="Protocol.Syntax.Nsid"/>.</typeparam>
    /// <param name="field">The field name, as the lexicon spells it.</param>
    /// <param name="value">The text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: <c>Invalid {field}: {value}</c>.</exception>
    public static T Parse<T>(string field, string value)
        where T : IParsable<T> =>
        T.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw XrpcException.InvalidRequest($"Invalid {field}: {value}");

    /// <summary>Parses an optional CID field.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The CID text, or <see langword="null"/>.</param>
    /// <returns>The CID, or <see langword="null"/> when <paramref name="value"/> is.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: not a CID.</exception>
    public static Cid? ParseCid(string field, string? value) =>
        value is null ? null : Cid.TryParse(value, out var cid) ? cid : throw XrpcException.InvalidRequest($"Invalid {field}: {value}");
}
