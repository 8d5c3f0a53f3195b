using System.Buffers;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// A v3 repository commit before signing: the account's DID, the MST root (<see cref="Data"/>), the revision and the
/// optional previous commit. Its DAG-CBOR encoding is the map
/// <c>{did: string, rev: string, data: link, prev: link | null, version: 3}</c> (keys in canonical order; <c>prev</c>
/// is always present), which is exactly the byte string that the account's signing key signs.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Commit Objects". Immutable; equality compares all fields.</remarks>
public sealed record UnsignedCommit
{
    /// <summary>The commit format version this type reads and writes: 3.</summary>
    public const int CurrentVersion = 3;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="did">The DID of the account whose repository this is.</param>
    /// <param name="data">The CID of the root node of the repository's MST.</param>
    /// <param name="rev">The revision: a TID that increases with every commit of the repository.</param>
    /// <param name="prev">The CID of the previous commit, or <see langword="null"/> (usual for v3 commits).</param>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> or <paramref name="rev"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> or <paramref name="prev"/> is the default CID.</exception>
    public UnsignedCommit(Did did, Cid data, Tid rev, Cid? prev)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(rev);
        if (data.IsDefault)
        {
            throw new ArgumentException("The MST root CID is the default value.", nameof(data));
        }

        if (prev is { IsDefault: true })
        {
            throw new ArgumentException("The previous commit CID is the default value; use null for none.", nameof(prev));
        }

        Did = did;
        Data = data;
        Rev = rev;
        Prev = prev;
    }

    /// <summary>Gets the DID of the account whose repository this is.</summary>
    public Did Did { get; }

    /// <summary>Gets the CID of the root node of the repository's MST.</summary>
    public Cid Data { get; }

    /// <summary>Gets the revision, a TID.</summary>
    public Tid Rev { get; }

    /// <summary>Gets the CID of the previous commit, or <see langword="null"/>.</summary>
    public Cid? Prev { get; }

    /// <summary>Gets the commit format version, always <see cref="CurrentVersion"/>.</summary>
    public int Version => CurrentVersion;

    /// <summary>Encodes the unsigned commit as canonical DAG-CBOR: the bytes that are signed.</summary>
    /// <returns>The DAG-CBOR bytes.</returns>
    public byte[] Encode() => EncodeMap(this, ReadOnlySpan<byte>.Empty, withSig: false);

    /// <summary>Signs the commit.</summary>
    /// <param name="signer">The account's repository signing key (K-256 or P-256).</param>
    /// <param name="cancellationToken">A token that cancels the signing.</param>
    /// <returns>The signed commit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signer"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<Commit> SignAsync(ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var sig = await signer.SignAsync(Encode(), cancellationToken).ConfigureAwait(false);
        return new Commit(this, sig);
    }

    /// <summary>Encodes a commit map, with or without its <c>sig</c>, keys in DAG-CBOR canonical order.</summary>
    /// <param name="commit">The unsigned fields.</param>
    /// <param name="sig">The signature, when <paramref name="withSig"/> is set.</param>
    /// <param name="withSig">Whether to include the <c>sig</c> key.</param>
    /// <returns>The DAG-CBOR bytes.</returns>
    internal static byte[] EncodeMap(UnsignedCommit commit, ReadOnlySpan<byte> sig, bool withSig)
    {
        var output = new ArrayBufferWriter<byte>(160 + commit.Did.Value.Length + sig.Length);
        var writer = new DagCborWriter(output);

        // Canonical order: shorter keys first, then bytewise: did, rev, sig, data, prev, version.
        writer.WriteMapHeader(withSig ? 6 : 5);
        writer.WriteString("did"u8);
        writer.WriteString(commit.Did.Value);
        writer.WriteString("rev"u8);
        writer.WriteString(commit.Rev.Value);
        if (withSig)
        {
            writer.WriteString("sig"u8);
            writer.WriteBytes(sig);
        }

        writer.WriteString("data"u8);
        writer.WriteCid(commit.Data);
        writer.WriteString("prev"u8);
        if (commit.Prev is { } prev)
        {
            writer.WriteCid(prev);
        }
        else
        {
            writer.WriteNull();
        }

        writer.WriteString("version"u8);
        writer.WriteInteger(CurrentVersion);
        return output.WrittenSpan.ToArray();
    }
}
