namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// The <c>union</c> type: the value is an object whose <c>$type</c> names one of several definitions.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "union": <c>refs</c> lists the member references (same forms as <c>ref</c>);
/// values must carry <c>$type</c>. An open union (the default) also accepts objects of other types, which are not
/// validated further; a closed union (<c>closed: true</c>) accepts only its members. A union may not be a named
/// definition.
/// </remarks>
public sealed class LexiconUnion : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "union";

    private readonly string[] _targets;

    internal LexiconUnion(IReadOnlyList<string> refs, string[] targets, bool closed)
    {
        Refs = refs;
        _targets = targets;
        Closed = closed;
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the member references exactly as written in the schema.</summary>
    public IReadOnlyList<string> Refs { get; }

    /// <summary>Gets the absolute member references (<c>nsid#name</c>), in the order of <see cref="Refs"/>.</summary>
    public IReadOnlyList<string> Targets => _targets;

    /// <summary>Gets a value indicating whether only the listed members are allowed.</summary>
    public bool Closed { get; }

    /// <summary>Finds the member that a value's <c>$type</c> names.</summary>
    /// <param name="type">The <c>$type</c>: <c>nsid#name</c>, or a bare NSID for a <c>main</c> definition.</param>
    /// <returns>The absolute reference of the member, or <see langword="null"/> when <paramref name="type"/> is not a member.</returns>
    public string? FindMember(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        foreach (var target in _targets)
        {
            if (LexiconReference.Matches(target, type))
            {
                return target;
            }
        }

        return null;
    }
}
