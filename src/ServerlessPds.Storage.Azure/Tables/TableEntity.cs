using Azure;

namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>
/// One Table entity: its PartitionKey and RowKey, the ETag and Timestamp the service assigned, and typed custom
/// properties. Supported property types and their EDM types: <see cref="string"/> (Edm.String), <see cref="int"/>
/// (Edm.Int32), <see cref="long"/> (Edm.Int64), <see cref="bool"/> (Edm.Boolean), <see cref="double"/> (Edm.Double),
/// <see cref="DateTimeOffset"/> (Edm.DateTime, stored as UTC with 100 ns precision), <see cref="Guid"/> (Edm.Guid) and
/// <see cref="byte"/>[] (Edm.Binary). Not thread-safe.
/// </summary>
/// <remarks>
/// Property values are checked against <see cref="TableLimits"/> when the entity is sent, not when set.
/// Byte arrays are stored by reference, not copied.
/// Spec: learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model ("Property types") and
/// payload-format-for-table-service-operations (JSON <c>@odata.type</c> annotations).
/// </remarks>
public sealed partial class TableEntity
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    /// <summary>Initializes an entity with no custom properties.</summary>
    /// <param name="partitionKey">The PartitionKey: at most <see cref="TableLimits.MaxKeyChars"/> characters, without / \ # ? or control characters.</param>
    /// <param name="rowKey">The RowKey, under the same rules.</param>
    /// <exception cref="ArgumentException">A key is too long or contains a forbidden character.</exception>
    public TableEntity(string partitionKey, string rowKey)
    {
        TableNames.ValidateKey(partitionKey, nameof(partitionKey));
        TableNames.ValidateKey(rowKey, nameof(rowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>Gets the PartitionKey.</summary>
    public string PartitionKey { get; }

    /// <summary>Gets the RowKey.</summary>
    public string RowKey { get; }

    /// <summary>Gets or sets the ETag the service returned with this entity (default when not read from the service).</summary>
    public ETag ETag { get; set; }

    /// <summary>Gets the service-maintained last-modified time, or <see langword="null"/> when not read from the service.</summary>
    public DateTimeOffset? Timestamp { get; internal set; }

    /// <summary>Gets the custom properties by name; values are of the supported types listed on the class.</summary>
    public IReadOnlyDictionary<string, object> Properties => _properties;

    /// <summary>Gets or sets a custom property; getting an absent property returns <see langword="null"/>, setting <see langword="null"/> removes it.</summary>
    /// <param name="name">The property name.</param>
    /// <exception cref="ArgumentException">The name is invalid or reserved, or the value's type is not supported.</exception>
    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                Remove(name);
                return;
            }

            if (!IsSupported(value))
            {
                throw new ArgumentException(
                    $"Property '{name}' has unsupported type {value.GetType().Name}; use string, int, long, bool, double, DateTimeOffset, Guid or byte[].",
                    nameof(value));
            }

            SetCore(name, value is DateTimeOffset time ? time.ToUniversalTime() : value);
        }
    }

    /// <summary>Sets a string (Edm.String) property and returns this entity.</summary>
    /// <param name="name">The property name: a C#-style identifier, not PartitionKey, RowKey, Timestamp or ETag.</param>
    /// <param name="value">The value; at most <see cref="TableLimits.MaxStringPropertyChars"/> characters when sent.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, string value) => SetCore(name, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Sets a 32-bit integer (Edm.Int32) property and returns this entity.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, int value) => SetCore(name, value);

    /// <summary>Sets a 64-bit integer (Edm.Int64) property and returns this entity.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, long value) => SetCore(name, value);

    /// <summary>Sets a Boolean (Edm.Boolean) property and returns this entity.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, bool value) => SetCore(name, value);

    /// <summary>Sets a double (Edm.Double) property and returns this entity.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value (NaN and infinities are allowed).</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, double value) => SetCore(name, value);

    /// <summary>Sets a date-time (Edm.DateTime) property, converted to UTC, and returns this entity.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; not before <see cref="TableLimits.MinDateTime"/>.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is before <see cref="TableLimits.MinDateTime"/>.</exception>
    public TableEntity Set(string name, DateTimeOffset value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TableLimits.MinDateTime);
        return SetCore(name, value.ToUniversalTime());
    }

    /// <summary>Sets a GUID (Edm.Guid) property and returns this entity.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, Guid value) => SetCore(name, value);

    /// <summary>Sets a binary (Edm.Binary) property and returns this entity; the array is stored by reference.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The bytes; at most <see cref="TableLimits.MaxBinaryPropertyBytes"/> when sent.</param>
    /// <returns>This entity.</returns>
    /// <exception cref="ArgumentException">The name is invalid or reserved.</exception>
    public TableEntity Set(string name, byte[] value) => SetCore(name, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Removes a custom property.</summary>
    /// <param name="name">The property name.</param>
    /// <returns><see langword="true"/> if the property existed; otherwise <see langword="false"/>.</returns>
    public bool Remove(string name) => _properties.Remove(name);

    /// <summary>
    /// Estimates the entity's stored size the way the service documents it: 4 bytes + 2 bytes per PartitionKey and RowKey
    /// character + for each property 8 bytes + 2 bytes per name character + the value size (string: 2 per character + 4;
    /// binary: length + 4; Int32: 4; Int64, Double, DateTime: 8; Guid: 16; Boolean: 1).
    /// </summary>
    /// <returns>The size in bytes, compared with <see cref="TableLimits.MaxEntityBytes"/>.</returns>
    /// <remarks>Source: the Azure Storage team's published estimate, "How the size of an entity is calculated in Windows Azure
    /// table storage" (learn.microsoft.com/archive/blogs/avkashchauhan).</remarks>
    public long EstimateSizeBytes()
    {
        long size = 4 + (2L * (PartitionKey.Length + RowKey.Length));
        foreach (var (name, value) in _properties)
        {
            size += 8 + (2L * name.Length) + value switch
            {
                string s => (2L * s.Length) + 4,
                byte[] b => b.Length + 4L,
                int => 4,
                long or double or DateTimeOffset => 8,
                Guid => 16,
                bool => 1,
                _ => 0,
            };
        }

        return size;
    }

    internal static bool IsSupported(object value) =>
        value is string or int or long or bool or double or DateTimeOffset or Guid or byte[];

    /// <summary>Stores a value read from the service without re-validating the name (service names may use any identifier).</summary>
    internal void SetFromService(string name, object value) => _properties[name] = value;

    private TableEntity SetCore(string name, object value)
    {
        TableNames.ValidatePropertyName(name);
        if (value is DateTimeOffset time && time < TableLimits.MinDateTime)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"Property '{name}' is before {TableLimits.MinDateTime:O}, the earliest Edm.DateTime.");
        }

        _properties[name] = value;
        return this;
    }
}
