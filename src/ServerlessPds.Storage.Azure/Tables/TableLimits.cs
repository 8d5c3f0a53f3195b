namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>
/// The Table service limits the adapters size their rows and transactions by. Spec: learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model
/// ("Property limitations", "Property types", "Characters disallowed in key fields") and
/// performing-entity-group-transactions ("Requirements for entity group transactions").
/// </summary>
public static class TableLimits
{
    /// <summary>The most operations in one entity group transaction. Spec: performing-entity-group-transactions.</summary>
    public const int MaxTransactionOperations = 100;

    /// <summary>The largest entity group transaction payload, in bytes (4 MiB). Spec: performing-entity-group-transactions.</summary>
    public const int MaxTransactionPayloadBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The largest entity, in bytes (1 MiB), as the service sizes it: 4 + 2 × (key characters) + per property
    /// 8 + 2 × (name characters) + the value size. Azurite instead
    /// measures the UTF-8 JSON body (base64 inflates binary by 4/3), so keep binary per entity at most ~700 KiB.
    /// Spec: understanding-the-table-service-data-model ("combined size of all data in an entity's properties cannot exceed 1 MiB").
    /// </summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>The largest <c>Edm.Binary</c> property value, in bytes (64 KiB). Spec: understanding-the-table-service-data-model.</summary>
    public const int MaxBinaryPropertyBytes = 64 * 1024;

    /// <summary>
    /// The longest <c>Edm.String</c> property value, in UTF-16 code units (64 KiB as UTF-16 = 32 K characters).
    /// Spec: understanding-the-table-service-data-model.
    /// </summary>
    public const int MaxStringPropertyChars = 32 * 1024;

    /// <summary>
    /// The longest PartitionKey or RowKey, in UTF-16 characters: the service allows 1 KiB per key, and strings are
    /// stored as UTF-16, so 512 characters (Azurite checks the same 512). Spec: understanding-the-table-service-data-model.
    /// </summary>
    public const int MaxKeyChars = 512;

    /// <summary>The most properties per entity including PartitionKey, RowKey and Timestamp. Spec: understanding-the-table-service-data-model.</summary>
    public const int MaxPropertiesIncludingSystem = 255;

    /// <summary>The most custom properties per entity (<see cref="MaxPropertiesIncludingSystem"/> less the three system properties).</summary>
    public const int MaxCustomProperties = MaxPropertiesIncludingSystem - 3;

    /// <summary>The longest property name, in characters. Spec: understanding-the-table-service-data-model ("Property names").</summary>
    public const int MaxPropertyNameChars = 255;

    /// <summary>The most entities one query page returns (the service's own cap on <c>$top</c>). Spec: query-timeout-and-pagination.</summary>
    public const int MaxEntitiesPerPage = 1000;

    /// <summary>The earliest <c>Edm.DateTime</c> value the service stores (1601-01-01T00:00:00Z). Spec: understanding-the-table-service-data-model.</summary>
    public static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
