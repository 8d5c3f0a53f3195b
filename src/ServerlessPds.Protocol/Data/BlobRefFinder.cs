using System.Globalization;
using System.Text;

namespace ServerlessPds.Protocol.Data;

/// <summary>Finds every blob reference in a record: at any depth, in maps, arrays and union members.</summary>
/// <remarks>
/// <para>Spec: atproto.com/specs/data-model, "Blob Type". A blob is a map of exactly <c>$type: "blob"</c>, <c>ref</c> (a
/// CID link), <c>mimeType</c> (a string) and <c>size</c> (a non-negative integer, bytes). The legacy form, which the spec
/// says implementations should still read, is a map of exactly <c>cid</c> (a CID string) and <c>mimeType</c>; a map
/// that merely looks like it (another key, or a <c>cid</c> that does not parse) is ordinary data.</para>
/// <para>A map with <c>$type: "blob"</c> that is not well formed is reported in <see cref="BlobRefScan.Error"/> and its
/// contents are not searched. The contents of a blob are never searched. Pure and thread-safe.</para>
/// </remarks>
public static class BlobRefFinder
{
    /// <summary>Finds the blob references in <paramref name="value"/>.</summary>
    /// <param name="value">A record, or any data model value.</param>
    /// <returns>The references found and the first malformed blob, if any.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static BlobRefScan Find(DataValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var refs = new List<FoundBlobRef>();
        string? error = null;
        var path = new StringBuilder();
        Walk(value, path, refs, ref error);
        return new BlobRefScan(refs, error);
    }

    private static void Walk(DataValue value, StringBuilder path, List<FoundBlobRef> refs, ref string? error)
    {
        switch (value)
        {
            case DataMap map when map["$type"] is DataString { Value: BlobRef.TypeName }:
                if (map.Count == 4 && map["ref"] is DataLink link && map["mimeType"] is DataString mime && map["size"] is DataInteger { Value: >= 0 } size)
                {
                    refs.Add(new FoundBlobRef(path.ToString(), link.Cid, mime.Value, size.Value));
                }
                else
                {
                    error ??= $"Invalid blob at {(path.Length == 0 ? "the record's root" : path.ToString())}: a blob has exactly $type \"blob\", a ref link, a mimeType string and a non-negative integer size.";
                }

                return;
            case DataMap map when map.Count == 2 && map["cid"] is DataString cid && map["mimeType"] is DataString legacyMime && Cid.TryParse(cid.Value, out var legacy):
                refs.Add(new FoundBlobRef(path.ToString(), legacy, legacyMime.Value, null));
                return;
            case DataMap map:
                foreach (var key in map.CanonicalKeys())
                {
                    var length = path.Length;
                    if (length > 0)
                    {
                        path.Append('.');
                    }

                    path.Append(key);
                    Walk(map.Entries[key], path, refs, ref error);
                    path.Length = length;
                }

                return;
            case DataArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    var length = path.Length;
                    path.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
                    Walk(array.Items[i], path, refs, ref error);
                    path.Length = length;
                }

                return;
        }
    }
}
