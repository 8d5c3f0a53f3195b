using System.Text;

namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>
/// Writes the <c>multipart/mixed</c> body of an entity group transaction (one batch holding one change set of
/// <c>application/http</c> sub-requests) and reads the matching batch response into sub-responses.
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions ("Batch request
/// body", "Batch response body", "Sample error response"), after the OData v3 batch format.</remarks>
internal static class TableBatchCodec
{
    /// <summary>Builds the request body.</summary>
    public static byte[] BuildBody(string batchBoundary, string changesetBoundary, IReadOnlyList<SubRequest> requests)
    {
        using var stream = new MemoryStream();
        void Line(string text = "")
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\r\n");
            stream.Write(bytes);
        }

        Line("--" + batchBoundary);
        Line("Content-Type: multipart/mixed; boundary=" + changesetBoundary);
        Line();
        foreach (var request in requests)
        {
            Line("--" + changesetBoundary);
            Line("Content-Type: application/http");
            Line("Content-Transfer-Encoding: binary");
            Line();
            Line($"{request.Method} {request.Url} HTTP/1.1");
            Line("Accept: application/json;odata=minimalmetadata");
            Line("DataServiceVersion: 3.0");
            if (request.IfMatch is not null)
            {
                Line("If-Match: " + request.IfMatch);
            }

            if (request.Json is not null)
            {
                Line("Content-Type: application/json");
                Line("Prefer: return-no-content");
                Line();
                stream.Write(request.Json);
                Line();
            }
            else
            {
                Line();
            }
        }

        Line("--" + changesetBoundary + "--");
        Line("--" + batchBoundary + "--");
        return stream.ToArray();
    }

    /// <summary>Parses a batch response into its sub-responses, in order.</summary>
    /// <exception cref="FormatException">The body is not a multipart batch response.</exception>
    public static IReadOnlyList<SubResponse> ParseResponse(string? contentType, byte[] body)
    {
        var boundary = Boundary(contentType) ?? throw new FormatException("The batch response has no multipart boundary.");
        var text = Encoding.UTF8.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal);
        var responses = new List<SubResponse>();
        foreach (var part in SplitParts(text, boundary))
        {
            var (headers, content) = SplitHeaders(part);
            if (headers.TryGetValue("Content-Type", out var partType) && partType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var changeset = Boundary(partType) ?? throw new FormatException("The change set response has no boundary.");
                foreach (var inner in SplitParts(content, changeset))
                {
                    responses.Add(ParseHttp(SplitHeaders(inner).Content));
                }
            }
            else
            {
                responses.Add(ParseHttp(content));
            }
        }

        return responses;
    }

    private static SubResponse ParseHttp(string content)
    {
        // Tolerate stray lines before the status line (Azurite 3.35 repeats the change set boundary there).
        var start = content.StartsWith("HTTP/", StringComparison.Ordinal) ? 0 : content.IndexOf("\nHTTP/", StringComparison.Ordinal) + 1;
        content = content[start..];
        var (statusLine, rest) = content.IndexOf('\n', StringComparison.Ordinal) is var n and >= 0 ? (content[..n], content[(n + 1)..]) : (content, string.Empty);
        var fields = statusLine.Split(' ', 3);
        if (fields.Length < 2 || !fields[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(fields[1], out var status))
        {
            throw new FormatException("A batch sub-response has no HTTP status line.");
        }

        var (headers, body) = SplitHeaders(rest);
        return new SubResponse(status, headers, body.Trim());
    }

    private static (Dictionary<string, string> Headers, string Content) SplitHeaders(string part)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < part.Length)
        {
            var end = part.IndexOf('\n', position);
            if (end < 0)
            {
                end = part.Length;
            }

            var line = part[position..end];
            position = Math.Min(end + 1, part.Length);
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, part[position..]);
    }

    private static List<string> SplitParts(string text, string boundary)
    {
        var parts = new List<string>();
        StringBuilder? current = null;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed == "--" + boundary + "--")
            {
                break;
            }

            if (trimmed == "--" + boundary)
            {
                if (current is not null)
                {
                    parts.Add(current.ToString());
                }

                current = new StringBuilder();
                continue;
            }

            current?.Append(line).Append('\n');
        }

        if (current is not null)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }

    private static string? Boundary(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        foreach (var parameter in contentType.Split(';'))
        {
            var trimmed = parameter.Trim();
            if (trimmed.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed["boundary=".Length..].Trim('"');
            }
        }

        return null;
    }

    /// <summary>One sub-request: method, absolute URL, optional <c>If-Match</c> and JSON body.</summary>
    internal sealed record SubRequest(string Method, string Url, string? IfMatch, byte[]? Json);

    /// <summary>One sub-response: status, headers and body text.</summary>
    internal sealed record SubResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
}
