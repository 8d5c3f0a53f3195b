using System.Globalization;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Firehose;

/// <summary>Parses the <c>cursor</c> query parameter of <c>com.atproto.sync.subscribeRepos</c>.</summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Sequence Numbers"; lexicon <c>com.atproto.sync.subscribeRepos</c> (<c>cursor</c>: integer).</remarks>
public static class FirehoseCursor
{
    /// <summary>Parses a cursor.</summary>
    /// <param name="value">The parameter as sent: absent (<see langword="null"/>), or a non-negative decimal integer such as <c>42</c>.</param>
    /// <returns>The cursor, or <see langword="null"/> when absent (live only, from now).</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: not an integer, negative, out of range, or given twice.</exception>
    public static long? Parse(IReadOnlyList<string?>? value)
    {
        if (value is null || value.Count == 0)
        {
            return null;
        }

        if (value.Count > 1)
        {
            throw XrpcException.InvalidRequest("cursor must be given at most once");
        }

        var text = value[0];
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor)
            ? cursor
            : throw XrpcException.InvalidRequest($"cursor must be a non-negative integer, got \"{text}\"");
    }
}
