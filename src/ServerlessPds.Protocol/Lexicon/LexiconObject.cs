namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>object</c> type: a data model map with named, typed properties.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "object": <c>properties</c> maps names to field types; <c>required</c> lists the
/// names that must be present; <c>nullable</c> lists those that may hold null (a property not listed must not be
/// null). Both lists name declared properties only. Properties not declared are allowed and ignored.
/// </remarks>
public sealed class LexiconObject : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "object";

    internal LexiconObject(IReadOnlyDictionary<string, LexiconType> properties, IReadOnlyList<string> required, IReadOnlyList<string> nullable)
    {
        Properties = properties;
        Required = required;
        Nullable = nullable;
        Rules = PropertyRule.Build(properties, required, nullable);
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the declared properties by name.</summary>
    public IReadOnlyDictionary<string, LexiconType> Properties { get; }

    /// <summary>Gets the names of the properties that must be present.</summary>
    public IReadOnlyList<string> Required { get; }

    /// <summary>Gets the names of the properties that may hold null.</summary>
    public IReadOnlyList<string> Nullable { get; }

    /// <summary>Gets the properties with their flags, for validation.</summary>
    internal PropertyRule[] Rules { get; }
}
