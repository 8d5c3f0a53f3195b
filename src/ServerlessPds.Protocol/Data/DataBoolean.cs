namespace ServerlessPds.Protocol.Data;

/// <summary>A data model boolean.</summary>
public sealed class DataBoolean : DataValue
{
    private DataBoolean(bool value) => Value = value;

    /// <summary>Gets the true value.</summary>
    public static DataBoolean True { get; } = new(true);

    /// <summary>Gets the false value.</summary>
    public static DataBoolean False { get; } = new(false);

    /// <summary>Gets the boolean.</summary>
    public bool Value { get; }

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Boolean;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataBoolean b && b.Value == Value;

    /// <inheritdoc/>
    public override int GetHashCode() => Value ? 1 : 2;
}
