namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>Validates table names, keys and property names, and escapes keys for entity URLs.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model ("Table names",
/// "Property names", "Characters disallowed in key fields") and addressing-table-service-resources.</remarks>
internal static class TableNames
{
    /// <summary>Throws unless <paramref name="tableName"/> matches <c>^[A-Za-z][A-Za-z0-9]{2,62}$</c> and is not <c>tables</c>.</summary>
    public static void ValidateTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        var valid = tableName.Length is >= 3 and <= 63 && char.IsAsciiLetter(tableName[0])
            && tableName.All(char.IsAsciiLetterOrDigit) && !tableName.Equals("tables", StringComparison.OrdinalIgnoreCase);
        if (!valid)
        {
            throw new ArgumentException(
                $"Invalid table name '{tableName}': use 3-63 ASCII letters and digits starting with a letter (not 'tables').",
                nameof(tableName));
        }
    }

    /// <summary>Throws unless <paramref name="key"/> is a valid PartitionKey or RowKey.</summary>
    public static void ValidateKey(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length > TableLimits.MaxKeyChars)
        {
            throw new ArgumentException(
                $"{parameterName} has {key.Length} characters; the limit is {TableLimits.MaxKeyChars} (TableLimits.MaxKeyChars).", parameterName);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                throw new ArgumentException(
                    $"{parameterName} contains U+{(int)c:X4}; keys may not contain / \\ # ? or control characters.", parameterName);
            }
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is a usable custom property name (a C#-style identifier, not a system name).</summary>
    public static void ValidatePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsIdentifier(name) || IsSystemProperty(name))
        {
            throw new ArgumentException(
                $"Invalid property name '{name}': use 1-{TableLimits.MaxPropertyNameChars} letters, digits and '_' starting with a letter or '_' "
                + "(not PartitionKey, RowKey, Timestamp or ETag).",
                nameof(name));
        }
    }

    /// <summary>Throws unless <paramref name="name"/> can appear in <c>$filter</c> or <c>$select</c> (a property or system name).</summary>
    public static void ValidateQueryPropertyName(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (!IsIdentifier(name))
        {
            throw new ArgumentException($"Invalid property name '{name}' in a query.", parameterName);
        }
    }

    /// <summary>Gets a value indicating whether <paramref name="name"/> is a system property the service manages.</summary>
    public static bool IsSystemProperty(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "ETag";

    /// <summary>Builds the escaped entity path <c>/table(PartitionKey='pk',RowKey='rk')</c>, doubling quotes in keys.</summary>
    public static string EntityPath(string tableName, string partitionKey, string rowKey) =>
        $"/{tableName}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static bool IsIdentifier(string name)
    {
        if (name.Length is 0 or > TableLimits.MaxPropertyNameChars || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
