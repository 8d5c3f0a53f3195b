namespace ServerlessPds.Protocol.Data;

/// <summary>A data model array.</summary>
public sealed class DataArray : DataValue
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="items">The items, in order; copied.</param>
    public DataArray(IEnumerable<DataValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = [.. items];
    }

    /// <summary>Gets the items in order.</summary>
    public IReadOnlyList<DataValue> Items { get; }

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Array;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataArray a && a.Items.SequenceEqual(Items);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Items.Count, Items.Count > 0 ? Items[0].GetHashCode() : 0);
}
