namespace ServerlessPds.Protocol.Data;

/// <summary>A data model integer: signed 64-bit.</summary>
/// <remarks>Spec: atproto.com/specs/data-model ("integer": signed, 64-bit; keep to 53 bits for JavaScript peers).</remarks>
/// <param name="value">The integer.</param>
public sealed class DataInteger(long value) : DataValue
{
    /// <summary>Gets the integer.</summary>
    public long Value { get; } = value;

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Integer;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataInteger i && i.Value == Value;

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
}
