namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Names the record key types a record definition's <c>key</c> can declare.</summary>
/// <remarks>Spec: atproto.com/specs/record-key, "Record Key Types"; atproto.com/specs/lexicon, "record".</remarks>
public enum LexiconRecordKeyType
{
    /// <summary><c>tid</c>: the key must be a TID.</summary>
    Tid,

    /// <summary><c>nsid</c>: the key must be an NSID.</summary>
    Nsid,

    /// <summary><c>literal:&lt;value&gt;</c>: the key must be exactly the given value (e.g. <c>literal:self</c>).</summary>
    Literal,

    /// <summary><c>any</c>: any valid record key.</summary>
    Any,
}
