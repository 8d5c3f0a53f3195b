using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// One key's change between two versions of an MST: a create (new value), an update (previous and new value) or a delete
/// (previous value). Produced by <see cref="MstDiff"/> and consumed by <see cref="Mst.InvertAsync"/>.
/// </summary>
/// <remarks>Spec: atproto.com/specs/sync, <c>#commit</c> ops (<c>action</c>, <c>path</c>, <c>cid</c>, <c>prev</c>).</remarks>
public sealed record MstChange
{
    private MstChange(MstChangeKind kind, string key, Cid? prev, Cid? cid)
    {
        Kind = kind;
        Key = key;
        Prev = prev;
        Cid = cid;
    }

    /// <summary>Gets what the change did.</summary>
    public MstChangeKind Kind { get; }

    /// <summary>Gets the key (<c>collection/rkey</c>).</summary>
    public string Key { get; }

    /// <summary>Gets the value before the change; <see langword="null"/> for a create.</summary>
    public Cid? Prev { get; }

    /// <summary>Gets the value after the change; <see langword="null"/> for a delete.</summary>
    public Cid? Cid { get; }

    /// <summary>Creates a create change.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cid">The new value.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">The key is not a valid MST key, or the CID is the default value.</exception>
    public static MstChange Create(string key, Cid cid) => new(MstChangeKind.Create, Check(key), null, Check(cid, nameof(cid)));

    /// <summary>Creates an update change.</summary>
    /// <param name="key">The key.</param>
    /// <param name="prev">The value before.</param>
    /// <param name="cid">The value after.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">The key is not a valid MST key, or a CID is the default value.</exception>
    public static MstChange Update(string key, Cid prev, Cid cid) =>
        new(MstChangeKind.Update, Check(key), Check(prev, nameof(prev)), Check(cid, nameof(cid)));

    /// <summary>Creates a delete change.</summary>
    /// <param name="key">The key.</param>
    /// <param name="prev">The value before.</param>
    /// <returns>The change.</returns>
    /// <exception cref="ArgumentException">The key is not a valid MST key, or the CID is the default value.</exception>
    public static MstChange Delete(string key, Cid prev) => new(MstChangeKind.Delete, Check(key), Check(prev, nameof(prev)), null);

    private static string Check(string key) =>
        MstKey.IsValid(key) ? key : throw new ArgumentException($"'{key}' is not a valid MST key.", nameof(key));

    private static Cid Check(Cid cid, string name) =>
        cid.IsDefault ? throw new ArgumentException("A CID is needed.", name) : cid;
}
