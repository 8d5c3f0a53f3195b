namespace ServerlessPds.Protocol.Data;

/// <summary>A data model CID link. DAG-CBOR: tag 42; JSON form: <c>{"$link": "bafy…"}</c>.</summary>
public sealed class DataLink : DataValue
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="cid">The linked CID; not the default value.</param>
    /// <exception cref="ArgumentException"><paramref name="cid"/> is the default value.</exception>
    public DataLink(Cid cid)
    {
        if (cid.IsDefault)
        {
            throw new ArgumentException("A link needs a CID.", nameof(cid));
        }

        Cid = cid;
    }

    /// <summary>Gets the linked CID.</summary>
    public Cid Cid { get; }

    /// <inheritdoc/>
    public override DataKind Kind => DataKind.Link;

    /// <inheritdoc/>
    public override bool Equals(DataValue? other) => other is DataLink l && l.Cid == Cid;

    /// <inheritdoc/>
    public override int GetHashCode() => Cid.GetHashCode();
}
