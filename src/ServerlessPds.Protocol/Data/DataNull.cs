namespace ServerlessPds.Protocol.Data;

/// <summary>The data model's null value.</summary>
public sealed class DataNull : DataValue
{
    private DataNull()
    {
    }

    /// <summary>Gets the one null value.</summary>
    public static DataNull Instance { get; } = new();

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Null;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataNull;

    /// <inheritdoc/>
    public override int GetHashCode() => 0;
}
