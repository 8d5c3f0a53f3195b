namespace ServerlessPds.Protocol.Data;

/// <summary>
/// The unsigned LEB128 variable-length integer of the multiformats family (used in CIDs, multicodec prefixes and CAR
/// sections): seven bits per byte, least significant group first, the high bit set on every byte but the last.
/// </summary>
/// <remarks>
/// Only the multiformats profile is accepted: at most <see cref="MaxBytes"/> bytes, so values below 2^63, and the
/// minimal encoding only (no trailing <c>0x00</c> continuation groups).
/// Spec: atproto.com/specs/data-model (CID links), atproto.com/specs/repository (CAR files), multiformats unsigned-varint.
/// </remarks>
public static class Varint
{
    /// <summary>The longest encoding accepted, in bytes (9 bytes of 7 bits = 63 bits).</summary>
    public const int MaxBytes = 9;

    /// <summary>The largest value that can be encoded: 2^63 - 1.</summary>
    public const ulong MaxValue = long.MaxValue;

    /// <summary>Gets the number of bytes the encoding of <paramref name="value"/> takes.</summary>
    /// <param name="value">The value, at most <see cref="MaxValue"/>.</param>
    /// <returns>A length from 1 to <see cref="MaxBytes"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is above <see cref="MaxValue"/>.</exception>
    public static int GetLength(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return (bits + 6) / 7;
    }

    /// <summary>Writes the minimal encoding of <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <param name="value">The value, at most <see cref="MaxValue"/>.</param>
    /// <param name="destination">The buffer; it must hold at least <see cref="GetLength(ulong)"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is above <see cref="MaxValue"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short; nothing is written.</exception>
    public static int Write(ulong value, Span<byte> destination)
    {
        var length = GetLength(value);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the varint needs {length}.", nameof(destination));
        }

        for (var i = 0; i < length - 1; i++)
        {
            destination[i] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[length - 1] = (byte)value;
        return length;
    }

    /// <summary>Reads one varint from the start of <paramref name="source"/>.</summary>
    /// <param name="source">The bytes; anything after the varint is ignored.</param>
    /// <param name="value">The decoded value, or 0 when the method returns <see langword="false"/>.</param>
    /// <param name="bytesRead">The length of the varint, or 0 when the method returns <see langword="false"/>.</param>
    /// <returns>
    /// <see langword="true"/> if a complete, minimal varint of at most <see cref="MaxBytes"/> bytes starts
    /// <paramref name="source"/>; otherwise (truncated, over-long or non-minimal input) <see langword="false"/>.
    /// </returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        ulong result = 0;
        for (var i = 0; i < source.Length && i < MaxBytes; i++)
        {
            var b = source[i];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    break; // a trailing zero group: not the minimal encoding
                }

                value = result;
                bytesRead = i + 1;
                return true;
            }
        }

        value = 0;
        bytesRead = 0;
        return false;
    }
}
