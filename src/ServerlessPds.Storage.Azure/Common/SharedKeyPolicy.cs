using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Signs every try of a request with the account key: <c>SharedKey</c> for the Blob service and <c>SharedKeyLite</c> for
/// the Table service (both accepted by Azure and Azurite), stamping a fresh <c>x-ms-date</c> each time.
/// </summary>
/// <remarks>
/// Spec: learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key ("Blob, Queue, and File services (Shared
/// Key authorization)", "Shared Key Lite and Table service (Shared Key Lite authorization)", "Constructing the canonicalized
/// resource string"). The canonicalized resource is <c>/account</c> followed by the encoded URI path, so path-style
/// emulator URLs sign as <c>/account/account/path</c>.
/// </remarks>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _accountName;
    private readonly byte[] _accountKey;
    private readonly StorageService _service;

    public SharedKeyPolicy(string accountName, byte[] accountKey, StorageService service)
    {
        _accountName = accountName;
        _accountKey = accountKey;
        _service = service;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        var uri = request.Uri.ToUri();
        string scheme;
        string stringToSign;
        if (_service == StorageService.Table)
        {
            scheme = "SharedKeyLite";
            stringToSign = BuildTableLiteStringToSign(date, _accountName, uri);
        }
        else
        {
            scheme = "SharedKey";
            stringToSign = BuildBlobStringToSign(request, _accountName, uri);
        }

        var signature = Convert.ToBase64String(HMACSHA256.HashData(_accountKey, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.SetValue("Authorization", $"{scheme} {_accountName}:{signature}");
    }

    /// <summary>Builds the SharedKeyLite string for the Table service: date, newline, canonicalized resource (+ <c>?comp=</c>).</summary>
    internal static string BuildTableLiteStringToSign(string date, string accountName, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        foreach (var (name, value) in ParseQuery(uri.Query))
        {
            if (name == "comp")
            {
                resource += "?comp=" + value;
                break;
            }
        }

        return date + "\n" + resource;
    }

    /// <summary>Builds the SharedKey string for the Blob service (version 2015-02-21 and later: empty Content-Length when 0).</summary>
    internal static string BuildBlobStringToSign(Request request, string accountName, Uri uri)
    {
        string Header(string name) => request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

        var contentLength = string.Empty;
        if (request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0)
        {
            contentLength = length.ToString(CultureInfo.InvariantCulture);
        }

        var builder = new StringBuilder(256);
        builder.Append(request.Method.Method.ToUpperInvariant()).Append('\n')
            .Append(Header("Content-Encoding")).Append('\n')
            .Append(Header("Content-Language")).Append('\n')
            .Append(contentLength).Append('\n')
            .Append(Header("Content-MD5")).Append('\n')
            .Append(Header("Content-Type")).Append('\n')
            .Append(string.Empty).Append('\n') // Date: x-ms-date is used instead.
            .Append(Header("If-Modified-Since")).Append('\n')
            .Append(Header("If-Match")).Append('\n')
            .Append(Header("If-None-Match")).Append('\n')
            .Append(Header("If-Unmodified-Since")).Append('\n')
            .Append(Header("Range")).Append('\n');

        var msHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                msHeaders[header.Name.ToLowerInvariant()] = FoldWhitespace(header.Value);
            }
        }

        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in ParseQuery(uri.Query))
        {
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }

        return builder.ToString();
    }

    private static IEnumerable<(string Name, string Value)> ParseQuery(string query)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            yield return (Uri.UnescapeDataString(name).ToLowerInvariant(), Uri.UnescapeDataString(value));
        }
    }

    private static string FoldWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
