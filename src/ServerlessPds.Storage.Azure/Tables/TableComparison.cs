namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>The comparison operators of a Table <c>$filter</c>.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities ("Supported comparison operators").</remarks>
public enum TableComparison
{
    /// <summary><c>eq</c>.</summary>
    Equal,

    /// <summary><c>ne</c>.</summary>
    NotEqual,

    /// <summary><c>gt</c>.</summary>
    GreaterThan,

    /// <summary><c>ge</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>lt</c>.</summary>
    LessThan,

    /// <summary><c>le</c>.</summary>
    LessThanOrEqual,
}
