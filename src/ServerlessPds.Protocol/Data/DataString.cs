namespace ServerlessPds.Protocol.Data;

/// <summary>A data model string (UTF-8 on the wire).</summary>
public sealed class DataString : DataValue
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="value">The string; it must be valid Unicode (no lone surrogates) to be encodable.</param>
    public DataString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>Gets the string.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.String;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataString s && string.Equals(s.Value, Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}
