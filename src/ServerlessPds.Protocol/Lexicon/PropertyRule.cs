namespace ServerlessPds.Protocol.Lexicon;

/// <summary>One property of an object or params definition, with its flags precomputed for validation.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Type">The property's type.</param>
/// <param name="IsRequired">Whether the property must be present.</param>
/// <param name="IsNullable">Whether the property may hold null.</param>
internal readonly record struct PropertyRule(string Name, LexiconType Type, bool IsRequired, bool IsNullable)
{
    /// <summary>Builds the rules of a property map, in the map's order.</summary>
    /// <param name="properties">The properties.</param>
    /// <param name="required">The names that must be present.</param>
    /// <param name="nullable">The names that may hold null.</param>
    /// <returns>The rules.</returns>
    internal static PropertyRule[] Build(
        IReadOnlyDictionary<string, LexiconType> properties, IReadOnlyList<string> required, IReadOnlyList<string> nullable) =>
        [.. properties.Select(p => new PropertyRule(p.Key, p.Value, required.Contains(p.Key), nullable.Contains(p.Key)))];
}
