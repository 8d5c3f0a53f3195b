using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// The byte form of an outbox entry's events as stored in a row or blob: a format byte (1), the event count as a
/// varint, then per event the type's UTF-8 length (varint) and bytes and the body's length (varint) and bytes. The
/// same events always encode to the same bytes, so rewriting a blob with them is harmless.
/// </summary>
internal static class OutboxCodec
{
    private const byte Format = 1;
    private const int MaxTypeBytes = 64;

    /// <summary>Encodes <paramref name="events"/>.</summary>
    public static byte[] Encode(IReadOnlyList<StoredEvent> events)
    {
        using var buffer = new MemoryStream();
        Span<byte> varint = stackalloc byte[Varint.MaxBytes];
        buffer.WriteByte(Format);
        buffer.Write(varint[..Varint.Write((ulong)events.Count, varint)]);
        foreach (var stored in events)
        {
            var type = Encoding.UTF8.GetBytes(stored.Type);
            buffer.Write(varint[..Varint.Write((ulong)type.Length, varint)]);
            buffer.Write(type);
            buffer.Write(varint[..Varint.Write((ulong)stored.Body.Length, varint)]);
            buffer.Write(stored.Body.Span);
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes bytes written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid encoding (a corrupt row or blob).</exception>
    public static IReadOnlyList<StoredEvent> Decode(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.IsEmpty || span[0] != Format)
        {
            throw new InvalidDataException("The stored events have an unknown format.");
        }

        var offset = 1;
        var count = ReadLength(span, ref offset, span.Length);
        var events = new List<StoredEvent>(Math.Min(count, 16));
        for (var i = 0; i < count; i++)
        {
            var typeLength = ReadLength(span, ref offset, MaxTypeBytes);
            var type = Encoding.UTF8.GetString(span.Slice(offset, typeLength));
            offset += typeLength;
            var bodyLength = ReadLength(span, ref offset, span.Length);
            events.Add(new StoredEvent(type.Length == 0 ? throw new InvalidDataException("A stored event has no type.") : type, bytes.Slice(offset, bodyLength)));
            offset += bodyLength;
        }

        return offset == span.Length ? events : throw new InvalidDataException("The stored events have trailing bytes.");
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int offset, int max)
    {
        if (!Varint.TryRead(span[offset..], out var value, out var read) || value > (ulong)max || (long)value > span.Length - offset - read)
        {
            throw new InvalidDataException("The stored events are truncated or have an invalid length.");
        }

        offset += read;
        return (int)value;
    }
}
