using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <content>List Blobs with continuation.</content>
public sealed partial class BlobContainerClient
{
    /// <summary>Lists the container's blobs in name order, page by page, fetching each page when the enumeration reaches it.</summary>
    /// <param name="prefix">Only blobs whose names start with this, or <see langword="null"/> for all.</param>
    /// <param name="pageSize">The most blobs per page (1-<see cref="BlobLimits.MaxListPageSize"/>), or <see langword="null"/> for the service default (5000).</param>
    /// <param name="continuationToken">A <see cref="BlobListPage.ContinuationToken"/> to resume after, or <see langword="null"/> to start.</param>
    /// <param name="cancellationToken">A token that cancels the enumeration.</param>
    /// <returns>The pages; the last one has no continuation token.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is out of range.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    /// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/list-blobs (<c>prefix</c>, <c>maxresults</c>, <c>marker</c>, <c>NextMarker</c>).</remarks>
    public async IAsyncEnumerable<BlobListPage> ListAsync(string? prefix = null, int? pageSize = null, string? continuationToken = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(pageSize));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, BlobLimits.MaxListPageSize, nameof(pageSize));
        }

        var operation = $"List blobs in container '{Name}'";
        var marker = continuationToken;
        do
        {
            using var message = _pipeline.CreateMessage(RequestMethod.Get, "/" + Name);
            message.Request.Uri.AppendQuery("restype", "container");
            message.Request.Uri.AppendQuery("comp", "list");
            if (!string.IsNullOrEmpty(prefix))
            {
                message.Request.Uri.AppendQuery("prefix", prefix, escapeValue: true);
            }

            if (pageSize is { } max)
            {
                message.Request.Uri.AppendQuery("maxresults", max.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(marker))
            {
                message.Request.Uri.AppendQuery("marker", marker, escapeValue: true);
            }

            var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
            (var blobs, marker) = ParseList(response, operation);
            yield return new BlobListPage(blobs, marker);
        }
        while (marker is not null);
    }

    private static (List<BlobProperties> Blobs, string? NextMarker) ParseList(Response response, string operation)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(response.ContentStream ?? Stream.Null, settings);
            var root = XDocument.Load(reader).Root ?? throw new XmlException("no root element");
            var blobs = new List<BlobProperties>();
            foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                var name = blob.Element("Name")?.Value ?? throw new XmlException("a blob without Name");
                var properties = blob.Element("Properties");
                var length = long.TryParse(properties?.Element("Content-Length")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
                var contentType = properties?.Element("Content-Type")?.Value;
                var etag = properties?.Element("Etag")?.Value is { Length: > 0 } e ? new ETag(e) : default;
                DateTimeOffset? lastModified = DateTimeOffset.TryParse(properties?.Element("Last-Modified")?.Value, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var modified) ? modified : null;
                blobs.Add(new BlobProperties(name, length, string.IsNullOrEmpty(contentType) ? null : contentType, etag, lastModified));
            }

            var next = root.Element("NextMarker")?.Value;
            return (blobs, string.IsNullOrEmpty(next) ? null : next);
        }
        catch (XmlException ex)
        {
            throw new StorageException($"{operation}: the listing could not be read ({ex.Message}).", response.Status, "InvalidResponse",
                innerException: ex);
        }
    }
}
