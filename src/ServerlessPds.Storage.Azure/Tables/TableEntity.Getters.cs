namespace ServerlessPds.Storage.Azure.Tables;

/// <content>Typed property getters.</content>
public sealed partial class TableEntity
{
    /// <summary>Gets a string property.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds another type.</exception>
    public string? GetString(string name) => Get<string>(name);

    /// <summary>Gets a 32-bit integer property.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds another type.</exception>
    public int? GetInt32(string name) => _properties.TryGetValue(name, out var value) ? value is int i ? i : throw Mismatch(name, value, "Int32") : null;

    /// <summary>Gets a 64-bit integer property (an Int32 value widens).</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds a non-integer type.</exception>
    public long? GetInt64(string name) => _properties.TryGetValue(name, out var value)
        ? value switch
        {
            long l => l,
            int i => i,
            _ => throw Mismatch(name, value, "Int64"),
        }
        : null;

    /// <summary>Gets a Boolean property.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds another type.</exception>
    public bool? GetBoolean(string name) => _properties.TryGetValue(name, out var value) ? value is bool b ? b : throw Mismatch(name, value, "Boolean") : null;

    /// <summary>Gets a double property (Int32 and Int64 values widen; the service omits the type of integral doubles in some formats).</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds a non-numeric type.</exception>
    public double? GetDouble(string name) => _properties.TryGetValue(name, out var value)
        ? value switch
        {
            double d => d,
            int i => i,
            long l => l,
            _ => throw Mismatch(name, value, "Double"),
        }
        : null;

    /// <summary>Gets a date-time property (UTC).</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds another type.</exception>
    public DateTimeOffset? GetDateTimeOffset(string name) =>
        _properties.TryGetValue(name, out var value) ? value is DateTimeOffset t ? t : throw Mismatch(name, value, "DateTime") : null;

    /// <summary>Gets a GUID property.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds another type.</exception>
    public Guid? GetGuid(string name) => _properties.TryGetValue(name, out var value) ? value is Guid g ? g : throw Mismatch(name, value, "Guid") : null;

    /// <summary>Gets a binary property (the stored array, not a copy).</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> if the property is absent.</returns>
    /// <exception cref="InvalidCastException">The property holds another type.</exception>
    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    private T? Get<T>(string name)
        where T : class =>
        _properties.TryGetValue(name, out var value) ? value as T ?? throw Mismatch(name, value, typeof(T).Name) : null;

    private static InvalidCastException Mismatch(string name, object value, string expected) =>
        new($"Property '{name}' holds {value.GetType().Name}, not {expected}.");
}
