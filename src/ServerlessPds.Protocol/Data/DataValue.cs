namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Represents one value of the atproto data model: null, boolean, integer, string, bytes, CID link, array or map.
/// Values are immutable; equality is structural.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/data-model. Encoded as DAG-CBOR by <see cref="DagCbor"/> and as JSON by
/// <see cref="AtprotoJson"/>. Blobs are maps with <c>$type: "blob"</c>; see <see cref="BlobRef"/>.
/// </remarks>
public abstract class DataValue : IEquatable<DataValue>
{
    private protected DataValue()
    {
    }

    /// <summary>Gets the null value.</summary>
    public static DataValue Null => DataNull.Instance;

    /// <summary>Gets the kind of this value.</summary>
    public abstract DataKind Kind { get; }

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    public static DataValue From(string value) => new DataString(value);

    /// <summary>Creates an integer value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static DataValue From(long value) => new DataInteger(value);

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static DataValue From(bool value) => value ? DataBoolean.True : DataBoolean.False;

    /// <summary>Creates a CID link value.</summary>
    /// <param name="value">The CID.</param>
    /// <returns>The value.</returns>
    public static DataValue From(Cid value) => new DataLink(value);

    /// <summary>Creates a bytes value.</summary>
    /// <param name="value">The bytes; the array is not copied and must not change afterwards.</param>
    /// <returns>The value.</returns>
    public static DataValue From(byte[] value) => new DataBytes(value);

    /// <inheritdoc/>
    public abstract bool Equals(DataValue? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataValue other && Equals(other);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>Returns the atproto JSON form of this value.</summary>
    /// <returns>Compact JSON text.</returns>
    public override string ToString() => AtprotoJson.Serialize(this);
}
