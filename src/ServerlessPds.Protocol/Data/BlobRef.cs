using System.Diagnostics.CodeAnalysis;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Represents a reference to a blob: <c>{"$type": "blob", "ref": {"$link": "bafkrei…"}, "mimeType": "image/jpeg", "size": 10000}</c>.
/// </summary>
/// <remarks>Spec: atproto.com/specs/data-model, "Blob Type"; atproto.com/specs/blob. <c>ref</c> is a raw-codec CID; <c>size</c> is in bytes.</remarks>
/// <param name="Ref">The CID of the blob's bytes (raw codec, SHA-256).</param>
/// <param name="MimeType">The blob's content type, e.g. <c>image/jpeg</c>.</param>
/// <param name="Size">The blob's length in bytes.</param>
public sealed record BlobRef(Cid Ref, string MimeType, long Size)
{
    /// <summary>The <c>$type</c> value of blob objects.</summary>
    public const string TypeName = "blob";

    /// <summary>Converts this reference to its data model map.</summary>
    /// <returns>The map with <c>$type</c>, <c>ref</c>, <c>mimeType</c> and <c>size</c>.</returns>
    public DataMap ToData() => DataMap.Of(
        ("$type", DataValue.From(TypeName)),
        ("ref", DataValue.From(Ref)),
        ("mimeType", DataValue.From(MimeType)),
        ("size", DataValue.From(Size)));

    /// <summary>Reads a blob reference from its data model map.</summary>
    /// <param name="value">A value that may be a blob map.</param>
    /// <param name="blob">The reference when the result is <see langword="true"/>.</param>
    /// <returns><see langword="true"/> if <paramref name="value"/> is a well-formed blob map; otherwise <see langword="false"/>.</returns>
    public static bool TryFromData(DataValue value, [NotNullWhen(true)] out BlobRef? blob)
    {
        blob = null;
        if (value is DataMap map && map.GetString("$type") == TypeName
            && map["ref"] is DataLink link && map["mimeType"] is DataString mime && map["size"] is DataInteger size)
        {
            blob = new BlobRef(link.Cid, mime.Value, size.Value);
            return true;
        }

        return false;
    }

    /// <summary>Finds every blob reference anywhere inside <paramref name="value"/>, in document order.</summary>
    /// <param name="value">A record or any value.</param>
    /// <returns>The references found.</returns>
    public static IEnumerable<BlobRef> FindAll(DataValue value)
    {
        var stack = new Stack<DataValue>();
        stack.Push(value);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (TryFromData(current, out var blob))
            {
                yield return blob;
            }
            else if (current is DataMap map)
            {
                foreach (var key in map.CanonicalKeys().Reverse())
                {
                    stack.Push(map.Entries[key]);
                }
            }
            else if (current is DataArray array)
            {
                for (var i = array.Items.Count - 1; i >= 0; i--)
                {
                    stack.Push(array.Items[i]);
                }
            }
        }
    }
}
