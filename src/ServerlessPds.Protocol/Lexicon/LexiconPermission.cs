using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>One permission of a permission set: a resource (<c>repo</c>, <c>rpc</c>, …) and its parameters.</summary>
/// <remarks>
/// Spec: atproto.com/specs/permission and atproto.com/specs/lexicon, "permission-set": <c>type</c> is
/// <c>permission</c>, <c>resource</c> a non-empty string; every other field is a string, integer, boolean, or an
/// array of those (e.g. <c>collection</c>, <c>action</c>, <c>lxm</c>, <c>aud</c>, <c>inheritAud</c>).
/// </remarks>
public sealed class LexiconPermission
{
    internal LexiconPermission(string resource, IReadOnlyDictionary<string, DataValue> parameters)
    {
        Resource = resource;
        Parameters = parameters;
    }

    /// <summary>Gets the resource, e.g. <c>repo</c> or <c>rpc</c>.</summary>
    public string Resource { get; }

    /// <summary>Gets the other fields by name, as data model strings, integers, booleans or arrays of those.</summary>
    public IReadOnlyDictionary<string, DataValue> Parameters { get; }
}
