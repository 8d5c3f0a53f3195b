namespace ServerlessPds.Protocol.Data;

/// <summary>A data model byte string. JSON form: <c>{"$bytes": "&lt;base64, no padding&gt;"}</c>.</summary>
/// <param name="value">The bytes; not copied, and must not change afterwards.</param>
public sealed class DataBytes(ReadOnlyMemory<byte> value) : DataValue
{
    /// <summary>Gets the bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; } = value;

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Bytes;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataBytes b && b.Value.Span.SequenceEqual(Value.Span);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }
}
