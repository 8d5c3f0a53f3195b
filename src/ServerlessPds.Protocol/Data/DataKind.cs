namespace ServerlessPds.Protocol.Data;

/// <summary>Names the kinds of value in the atproto data model.</summary>
/// <remarks>Spec: atproto.com/specs/data-model, "Data Types". There are no floats.</remarks>
public enum DataKind
{
    /// <summary>The null value.</summary>
    Null,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A signed 64-bit integer.</summary>
    Integer,

    /// <summary>A UTF-8 string.</summary>
    String,

    /// <summary>A byte string.</summary>
    Bytes,

    /// <summary>A CID link (DAG-CBOR tag 42).</summary>
    Link,

    /// <summary>An array of values.</summary>
    Array,

    /// <summary>A map with string keys (an object).</summary>
    Map,
}
