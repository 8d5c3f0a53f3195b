namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>permission-set</c> type: a named bundle of OAuth permissions. Only a <c>main</c> definition may be one.</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "permission-set"; atproto.com/specs/permission. <c>title:lang</c> and
/// <c>detail:lang</c> map language tags to translations.
/// </remarks>
public sealed class LexiconPermissionSet : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "permission-set";

    internal LexiconPermissionSet(IReadOnlyList<LexiconPermission> permissions)
    {
        Permissions = permissions;
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the permissions.</summary>
    public IReadOnlyList<LexiconPermission> Permissions { get; }

    /// <summary>Gets the short title shown to users, if any.</summary>
    public string? Title { get; internal init; }

    /// <summary>Gets the title's translations by language tag.</summary>
    public IReadOnlyDictionary<string, string> TitleLang { get; internal init; } = new Dictionary<string, string>();

    /// <summary>Gets the longer explanation shown to users, if any.</summary>
    public string? Detail { get; internal init; }

    /// <summary>Gets the detail's translations by language tag.</summary>
    public IReadOnlyDictionary<string, string> DetailLang { get; internal init; } = new Dictionary<string, string>();
}
