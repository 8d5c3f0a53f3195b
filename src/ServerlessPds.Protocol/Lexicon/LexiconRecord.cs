namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// The <c>record</c> type: the schema of the records of a repository collection, whose NSID is the document's
/// <c>id</c>. Only a document's <c>main</c> definition may be a record.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "record": <c>key</c> declares the record key type (<c>tid</c>, <c>nsid</c>,
/// <c>literal:&lt;value&gt;</c> or <c>any</c>; see atproto.com/specs/record-key) and <c>record</c> is the object
/// schema of the record's data.
/// </remarks>
public sealed class LexiconRecord : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "record";

    internal LexiconRecord(string key, LexiconRecordKeyType keyType, string? keyLiteral, LexiconObject record)
    {
        Key = key;
        KeyType = keyType;
        KeyLiteral = keyLiteral;
        Record = record;
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the <c>key</c> exactly as written, e.g. <c>tid</c> or <c>literal:self</c>.</summary>
    public string Key { get; }

    /// <summary>Gets the record key type.</summary>
    public LexiconRecordKeyType KeyType { get; }

    /// <summary>Gets the only record key allowed when <see cref="KeyType"/> is <see cref="LexiconRecordKeyType.Literal"/>; otherwise <see langword="null"/>.</summary>
    public string? KeyLiteral { get; }

    /// <summary>Gets the schema of the record's data.</summary>
    public LexiconObject Record { get; }
}
