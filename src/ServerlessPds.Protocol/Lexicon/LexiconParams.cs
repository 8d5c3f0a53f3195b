namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// The <c>params</c> type: the query-string parameters of an XRPC method. Properties are <c>boolean</c>,
/// <c>integer</c>, <c>string</c>, <c>unknown</c>, or arrays of those.
/// </summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "params". It appears only as a method's <c>parameters</c>.</remarks>
public sealed class LexiconParams : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "params";

    internal LexiconParams(IReadOnlyDictionary<string, LexiconType> properties, IReadOnlyList<string> required)
    {
        Properties = properties;
        Required = required;
        Rules = PropertyRule.Build(properties, required, []);
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the declared parameters by name.</summary>
    public IReadOnlyDictionary<string, LexiconType> Properties { get; }

    /// <summary>Gets the names of the parameters that must be present.</summary>
    public IReadOnlyList<string> Required { get; }

    /// <summary>Gets the parameters with their flags, for validation.</summary>
    internal PropertyRule[] Rules { get; }
}
