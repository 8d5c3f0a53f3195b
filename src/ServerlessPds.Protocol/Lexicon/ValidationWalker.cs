using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// Walks data and its schema together, collecting errors with their paths. Paths are built only when an error is
/// recorded, so valid data costs no string allocation; one walker per thread is reused.
/// </summary>
/// <remarks>Spec: atproto.com/specs/lexicon, "Validation" and the per-type rules.</remarks>
internal sealed partial class ValidationWalker
{
    /// <summary>The most errors one validation collects before it stops.</summary>
    internal const int MaxErrors = 20;

    /// <summary>The deepest nesting validated, matching the data model decoder's limit (<see cref="DagCbor.MaxDepth"/>).</summary>
    internal const int MaxDepth = DagCbor.MaxDepth;

    [ThreadStatic]
    private static ValidationWalker? t_cached;

    private readonly List<LexiconValidationError> _errors = [];
    private PathSegment[] _path = new PathSegment[16];
    private int _depth;
    private LexiconCatalog _catalog = null!;
    private bool _allowLegacyBlobs;

    private bool Full => _errors.Count >= MaxErrors;

    /// <summary>Takes the thread's walker (or a new one) set up for one validation.</summary>
    /// <param name="catalog">The catalog resolving references.</param>
    /// <param name="allowLegacyBlobs">Whether <c>{"cid", "mimeType"}</c> blobs are accepted.</param>
    /// <returns>The walker; call <see cref="Finish"/> once done.</returns>
    internal static ValidationWalker Rent(LexiconCatalog catalog, bool allowLegacyBlobs)
    {
        var walker = t_cached ?? new ValidationWalker();
        t_cached = null;
        walker._catalog = catalog;
        walker._allowLegacyBlobs = allowLegacyBlobs;
        return walker;
    }

    /// <summary>Builds the result and returns the walker to the thread's cache.</summary>
    /// <returns>The result.</returns>
    internal LexiconValidationResult Finish()
    {
        var result = _errors.Count == 0 ? LexiconValidationResult.Valid : LexiconValidationResult.Invalid([.. _errors]);
        _errors.Clear();
        _depth = 0;
        _catalog = null!;
        t_cached = this;
        return result;
    }

    /// <summary>Validates a record: a map whose <c>$type</c> is the collection, matching the record schema.</summary>
    /// <param name="collection">The collection NSID.</param>
    /// <param name="schema">The collection's record definition.</param>
    /// <param name="value">The record.</param>
    internal void ValidateRecord(Nsid collection, LexiconRecord schema, DataValue value)
    {
        if (value is not DataMap map)
        {
            Error(Expected("an object", value));
            return;
        }

        Push("$type");
        if (map["$type"] is not DataString type)
        {
            Error($"is required and must be the string \"{collection}\"");
        }
        else if (!string.Equals(type.Value, collection.Value, StringComparison.Ordinal))
        {
            Error($"must be \"{collection}\" (the collection), not \"{type.Value}\"");
        }

        Pop();
        ValidateObject(schema.Record, map);
    }

    /// <summary>Validates method parameters.</summary>
    /// <param name="schema">The parameters definition.</param>
    /// <param name="parameters">The parameters, already converted to data model values.</param>
    internal void ValidateParams(LexiconParams schema, DataMap parameters) => ValidateProperties(schema.Rules, parameters);

    /// <summary>Validates a value against any data type.</summary>
    /// <param name="type">The type.</param>
    /// <param name="value">The value.</param>
    internal void Validate(LexiconType type, DataValue value)
    {
        switch (type)
        {
            case LexiconString s:
                ValidateString(s, value);
                break;
            case LexiconObject o:
                ValidateObject(o, value);
                break;
            case LexiconRef r:
                ValidateTarget(r.Target, value);
                break;
            case LexiconUnion u:
                ValidateUnion(u, value);
                break;
            case LexiconArray a:
                ValidateArray(a, value);
                break;
            case LexiconInteger i:
                ValidateInteger(i, value);
                break;
            case LexiconBoolean b:
                ValidateBoolean(b, value);
                break;
            case LexiconBlob b:
                ValidateBlob(b, value);
                break;
            case LexiconBytes b:
                ValidateBytes(b, value);
                break;
            case LexiconCidLink:
                Check(value is DataLink, "a CID link", value);
                break;
            case LexiconUnknown:
                ValidateUnknown(value);
                break;
            case LexiconNull:
                Check(value is DataNull, "null", value);
                break;
            case LexiconToken t:
                ValidateToken(t, value);
                break;
            case LexiconRecord r:
                ValidateObject(r.Record, value);
                break;
            default:
                Error($"data can not be validated against a {type.TypeName} definition");
                break;
        }
    }

    private void ValidateObject(LexiconObject schema, DataValue value)
    {
        if (value is DataMap map)
        {
            ValidateProperties(schema.Rules, map);
        }
        else
        {
            Error(Expected("an object", value));
        }
    }

    private void ValidateProperties(PropertyRule[] rules, DataMap map)
    {
        foreach (var rule in rules)
        {
            if (Full)
            {
                return;
            }

            if (!map.TryGetValue(rule.Name, out var value))
            {
                if (rule.IsRequired)
                {
                    Push(rule.Name);
                    Error("is required");
                    Pop();
                }

                continue;
            }

            if (value is DataNull && (rule.IsNullable || rule.Type is LexiconNull))
            {
                continue;
            }

            if (!Push(rule.Name))
            {
                return;
            }

            if (value is DataNull)
            {
                Error($"must not be null (expected {rule.Type.TypeName})");
            }
            else
            {
                Validate(rule.Type, value);
            }

            Pop();
        }
    }

    private void ValidateArray(LexiconArray schema, DataValue value)
    {
        if (value is not DataArray array)
        {
            Error(Expected("an array", value));
            return;
        }

        var count = array.Items.Count;
        if (count > schema.MaxLength)
        {
            Error($"must not have more than {schema.MaxLength} elements (it has {count})");
        }
        else if (count < schema.MinLength)
        {
            Error($"must not have fewer than {schema.MinLength} elements (it has {count})");
        }

        for (var i = 0; i < count && !Full; i++)
        {
            if (!Push(i))
            {
                return;
            }

            Validate(schema.Items, array.Items[i]);
            Pop();
        }
    }

    private void ValidateUnion(LexiconUnion schema, DataValue value)
    {
        if (value is not DataMap map || map["$type"] is not DataString { Value.Length: > 0 } type)
        {
            Error($"must be an object with a \"$type\" naming one of: {string.Join(", ", schema.Refs)}"
                + (value is DataMap ? string.Empty : $" (it is {Describe(value)})"));
            return;
        }

        var target = schema.FindMember(type.Value);
        if (target is not null)
        {
            ValidateTarget(target, map);
        }
        else if (schema.Closed)
        {
            Push("$type");
            Error($"\"{type.Value}\" is not one of the closed union's types: {string.Join(", ", schema.Refs)}");
            Pop();
        }
    }

    private void ValidateTarget(string target, DataValue value)
    {
        if (_catalog.ResolveTarget(target) is { } def)
        {
            Validate(def, value);
        }
        else
        {
            Error($"the schema {target} is not in the lexicon catalog");
        }
    }

    private bool Push(string key) => Push(new PathSegment(key, 0));

    private bool Push(int index) => Push(new PathSegment(null, index));

    private bool Push(PathSegment segment)
    {
        if (_depth >= MaxDepth)
        {
            Error($"is nested more than {MaxDepth} levels deep");
            return false;
        }

        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_depth++] = segment;
        return true;
    }

    private void Pop() => _depth--;

    private void Error(string message)
    {
        if (Full)
        {
            return;
        }

        var path = new StringBuilder("$");
        for (var i = 0; i < _depth; i++)
        {
            _ = _path[i].Key is { } key ? path.Append('.').Append(key) : path.Append('[').Append(_path[i].Index).Append(']');
        }

        _errors.Add(new LexiconValidationError(path.ToString(), message));
    }

    private readonly record struct PathSegment(string? Key, int Index);
}
