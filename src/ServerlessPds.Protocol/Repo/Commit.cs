using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// A signed v3 repository commit: the fields of an <see cref="UnsignedCommit"/> plus <c>sig</c>, the signature by the
/// account's signing key over the DAG-CBOR of the unsigned commit. Encoded as the DAG-CBOR map
/// <c>{did, rev, sig: bytes, data: link, prev: link | null, version: 3}</c>; the commit's <see cref="Cid"/> is the
/// CID of that block, the root of a repository CAR and the head of the repository.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Commit Objects". Immutable and thread-safe. Decoding is strict: canonical
/// DAG-CBOR, exactly the six keys, version 3, the right types, and valid DID and TID syntax, so the bytes of a decoded
/// commit re-encode to exactly the input and keep the same CID.
/// </remarks>
public sealed class Commit
{
    private static readonly string[] Keys = ["did", "rev", "sig", "data", "prev", "version"];

    private readonly byte[] _sig;
    private readonly Lazy<byte[]> _encoded;
    private readonly Lazy<Cid> _cid;

    /// <summary>Initializes a new instance from the signed fields and a signature.</summary>
    /// <param name="unsigned">The commit fields that were signed.</param>
    /// <param name="sig">The signature over <see cref="UnsignedCommit.Encode"/>: 64 bytes r‖s, low-S; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="unsigned"/> is <see langword="null"/>.</exception>
    public Commit(UnsignedCommit unsigned, ReadOnlySpan<byte> sig)
    {
        ArgumentNullException.ThrowIfNull(unsigned);
        Unsigned = unsigned;
        _sig = sig.ToArray();
        _encoded = new Lazy<byte[]>(() => UnsignedCommit.EncodeMap(Unsigned, _sig, withSig: true));
        _cid = new Lazy<Cid>(() => Cid.ComputeDagCbor(_encoded.Value));
    }

    /// <summary>Gets the signed fields.</summary>
    public UnsignedCommit Unsigned { get; }

    /// <summary>Gets the DID of the account whose repository this is.</summary>
    public Did Did => Unsigned.Did;

    /// <summary>Gets the CID of the root node of the repository's MST.</summary>
    public Cid Data => Unsigned.Data;

    /// <summary>Gets the revision, a TID.</summary>
    public Tid Rev => Unsigned.Rev;

    /// <summary>Gets the CID of the previous commit, or <see langword="null"/>.</summary>
    public Cid? Prev => Unsigned.Prev;

    /// <summary>Gets the commit format version, always <see cref="UnsignedCommit.CurrentVersion"/>.</summary>
    public int Version => Unsigned.Version;

    /// <summary>Gets the signature bytes (64 bytes r‖s for K-256 and P-256 keys).</summary>
    public ReadOnlyMemory<byte> Sig => _sig;

    /// <summary>Gets the CID of the encoded commit block (DAG-CBOR, SHA-256).</summary>
    public Cid Cid => _cid.Value;

    /// <summary>Decodes a commit block strictly.</summary>
    /// <param name="bytes">The commit block's DAG-CBOR bytes.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="CommitFormatException">
    /// The bytes are not canonical DAG-CBOR, not a map, not a version 3 commit (v2 and other versions are rejected), or
    /// a key is missing or unknown, or a value has the wrong type or syntax.
    /// </exception>
    public static Commit Decode(ReadOnlySpan<byte> bytes)
    {
        DataValue value;
        try
        {
            value = DagCbor.Decode(bytes);
        }
        catch (DagCborFormatException e)
        {
            throw new CommitFormatException($"The commit is not canonical DAG-CBOR: {e.Message}", e);
        }

        if (value is not DataMap map)
        {
            throw new CommitFormatException($"The commit is a {value.Kind}, not a map.");
        }

        CheckVersion(map);
        foreach (var key in map.Entries.Keys)
        {
            if (Array.IndexOf(Keys, key) < 0)
            {
                throw new CommitFormatException($"The commit has an unexpected key '{Clip(key)}'; a v3 commit has only did, rev, sig, data, prev and version.");
            }
        }

        var didText = Get<DataString>(map, "did", "a string").Value;
        var revText = Get<DataString>(map, "rev", "a string").Value;
        var sig = Get<DataBytes>(map, "sig", "a byte string").Value;
        var data = Get<DataLink>(map, "data", "a CID link").Cid;
        var prev = Get<DataValue>(map, "prev", "a CID link or null") switch
        {
            DataLink link => link.Cid,
            DataNull => (Cid?)null,
            var other => throw new CommitFormatException($"The commit's 'prev' is a {other.Kind}; it must be a CID link or null."),
        };

        if (!Did.TryParse(didText, out var did))
        {
            throw new CommitFormatException($"The commit's 'did' is not a valid DID: \"{Clip(didText)}\".");
        }

        if (!Tid.TryParse(revText, out var rev))
        {
            throw new CommitFormatException($"The commit's 'rev' is not a valid TID: \"{Clip(revText)}\".");
        }

        return new Commit(new UnsignedCommit(did, data, rev, prev), sig.Span);
    }

    /// <summary>Encodes the signed commit as canonical DAG-CBOR: the commit block.</summary>
    /// <returns>A new array holding the DAG-CBOR bytes.</returns>
    public byte[] Encode() => (byte[])_encoded.Value.Clone();

    /// <summary>Checks the signature with the account's public key (from its DID document).</summary>
    /// <param name="key">The account's current signing key.</param>
    /// <returns>
    /// <see langword="true"/> if <see cref="Sig"/> is a valid low-S signature by <paramref name="key"/> over the unsigned
    /// commit's DAG-CBOR; otherwise <see langword="false"/> (never throws for a bad signature).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool Verify(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Verify(Unsigned.Encode(), _sig);
    }

    private static void CheckVersion(DataMap map)
    {
        if (!map.TryGetValue("version", out var version))
        {
            throw new CommitFormatException("The commit has no 'version'; a v3 commit has version 3.");
        }

        switch (version)
        {
            case DataInteger { Value: UnsignedCommit.CurrentVersion }:
                return;
            case DataInteger { Value: 2 }:
                throw new CommitFormatException("The commit is version 2; v2 commits are not supported, only version 3.");
            case DataInteger other:
                throw new CommitFormatException($"The commit is version {other.Value}; only version 3 is supported.");
            default:
                throw new CommitFormatException($"The commit's 'version' is a {version.Kind}, not an integer.");
        }
    }

    private static T Get<T>(DataMap map, string key, string what)
        where T : DataValue
    {
        if (!map.TryGetValue(key, out var value))
        {
            throw new CommitFormatException($"The commit has no '{key}'.");
        }

        return value as T ?? throw new CommitFormatException($"The commit's '{key}' is a {value.Kind}; it must be {what}.");
    }

    private static string Clip(string s) => (s.Length <= 60 ? s : s[..60] + "…").ReplaceLineEndings(" ");
}
