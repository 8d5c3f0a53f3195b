namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// One type in a Lexicon schema: a named definition of a document (<c>defs.&lt;name&gt;</c>) or a nested field type
/// (an object's property, an array's items, a method's parameters or body schema).
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "Overview of Types". Instances are immutable and produced by
/// <see cref="LexiconDocument.Parse(string)"/>; the concrete class tells the type (<see cref="LexiconString"/>,
/// <see cref="LexiconObject"/>, <see cref="LexiconRecord"/>, ...).
/// </remarks>
public abstract class LexiconType
{
    private protected LexiconType()
    {
    }

    /// <summary>Gets the value of the schema's <c>type</c> field, e.g. <c>string</c>, <c>cid-link</c> or <c>record</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>Gets the optional human-readable <c>description</c>.</summary>
    public string? Description { get; internal init; }

    /// <summary>Returns <see cref="TypeName"/>.</summary>
    /// <returns>The type name.</returns>
    public override string ToString() => TypeName;
}
