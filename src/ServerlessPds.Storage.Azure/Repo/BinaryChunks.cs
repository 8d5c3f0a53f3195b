using Azure.Data.Tables;
using System.Globalization;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// Stores a byte string in one entity as binary properties <c>D0</c>, <c>D1</c>, … of at most
/// <see cref="TableLimits.MaxBinaryPropertyBytes"/> each, with its length in <c>Size</c>; or, when it is too large for a
/// row, as a pointer (<c>Blob</c> = true, <c>Size</c>) to a blob holding the bytes.
/// </summary>
/// <remarks>
/// <see cref="MaxInlineBytes"/> (640 KiB) keeps an entity under 1 MiB both as Azure sizes it and as Azurite does (the
/// base64 JSON body, 4/3 of the bytes). Spec: learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model.
/// </remarks>
internal static class BinaryChunks
{
    /// <summary>The most bytes stored in the row itself (10 properties of 64 KiB).</summary>
    public const int MaxInlineBytes = 10 * TableLimits.MaxBinaryPropertyBytes;

    private const string SizeProperty = "Size";
    private const string BlobProperty = "Blob";

    /// <summary>Writes <paramref name="bytes"/> into <paramref name="entity"/>'s <c>D*</c> properties.</summary>
    /// <exception cref="ArgumentException">The bytes exceed <see cref="MaxInlineBytes"/>.</exception>
    public static TableEntity SetInline(TableEntity entity, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxInlineBytes)
        {
            throw new ArgumentException($"{bytes.Length} bytes do not fit in one row (at most {MaxInlineBytes}).", nameof(bytes));
        }

        entity.Set(SizeProperty, bytes.Length);
        for (int i = 0, offset = 0; offset < bytes.Length; i++, offset += TableLimits.MaxBinaryPropertyBytes)
        {
            var length = Math.Min(TableLimits.MaxBinaryPropertyBytes, bytes.Length - offset);
            entity.Set(Name(i), bytes.Slice(offset, length).ToArray());
        }

        return entity;
    }

    /// <summary>Marks <paramref name="entity"/> as a pointer to a blob of <paramref name="size"/> bytes.</summary>
    public static TableEntity SetBlobPointer(TableEntity entity, long size) => entity.Set(BlobProperty, true).Set(SizeProperty, size);

    /// <summary>Gets a value indicating whether <paramref name="entity"/> points to a blob.</summary>
    public static bool IsBlobPointer(TableEntity entity) => entity.GetBoolean(BlobProperty) == true;

    /// <summary>Gets the stored size in bytes.</summary>
    /// <exception cref="InvalidDataException">The row has no size.</exception>
    public static long Size(TableEntity entity) =>
        entity.TryGetValue(SizeProperty, out var size) && size is long or int
            ? Convert.ToInt64(size, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"Row '{entity.RowKey}' has no {SizeProperty}.");

    /// <summary>Reads the inline bytes back.</summary>
    /// <exception cref="InvalidDataException">The chunks do not add up to the recorded size (a corrupt row).</exception>
    public static byte[] GetInline(TableEntity entity)
    {
        var size = Size(entity);
        if (size is < 0 or > MaxInlineBytes)
        {
            throw new InvalidDataException($"Row '{entity.RowKey}' records an inline size of {size} bytes.");
        }

        var bytes = new byte[size];
        var offset = 0;
        for (var i = 0; offset < size; i++)
        {
            var chunk = entity.GetBinary(Name(i));
            if (chunk is null || chunk.Length > size - offset || (chunk.Length < TableLimits.MaxBinaryPropertyBytes && offset + chunk.Length != size))
            {
                throw new InvalidDataException($"Row '{entity.RowKey}' has a missing or mis-sized chunk {Name(i)}.");
            }

            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }

        return bytes;
    }

    private static string Name(int index) => "D" + index.ToString(CultureInfo.InvariantCulture);
}
