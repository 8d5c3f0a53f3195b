using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>Commit-proof inversion: undo a commit's changes over its proof blocks to recover the previous root.</summary>
public sealed partial class Mst
{
    /// <summary>
    /// Recomputes the root a commit started from, given the root it produced, its changes and only the proof blocks it
    /// carried: each create is deleted, each update put back to its previous value, each delete added back. A reader
    /// compares the result with the commit's <c>prevData</c> to check that the changes are complete and consistent.
    /// </summary>
    /// <param name="proofBlocks">The blocks the commit carried (its covering proofs and new nodes).</param>
    /// <param name="root">The commit's MST root (<c>data</c>).</param>
    /// <param name="changes">The commit's changes (the firehose ops, with <c>prev</c> for updates and deletes).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The MST root before the commit.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="MstProofException">A change does not match the tree (a created or updated key absent or with another value, a deleted key present), or a key changes twice.</exception>
    /// <exception cref="MissingBlockException">The proof lacks a node the inversion needs.</exception>
    /// <exception cref="MstFormatException">A proof block is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A proof block is not canonical DAG-CBOR.</exception>
    /// <remarks>Spec: atproto.com/specs/sync, "Commit validation" (inverting a commit against its proof).</remarks>
    public static async ValueTask<Cid> InvertAsync(IBlockSource proofBlocks, Cid root, IEnumerable<MstChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proofBlocks);
        ArgumentNullException.ThrowIfNull(changes);
        var tree = Load(proofBlocks, root);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes.Reverse())
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            if (!seen.Add(change.Key))
            {
                throw new MstProofException($"The key '{change.Key}' changes twice in one commit.");
            }

            var current = await tree.GetAsync(change.Key, cancellationToken).ConfigureAwait(false);
            if (current != change.Cid)
            {
                throw new MstProofException(
                    $"The {change.Kind.ToString().ToLowerInvariant()} of '{change.Key}' expects {(change.Cid?.ToString() ?? "no value")} in the new tree but it holds {(current?.ToString() ?? "no value")}.");
            }

            tree = change.Kind switch
            {
                MstChangeKind.Create => await tree.DeleteAsync(change.Key, cancellationToken).ConfigureAwait(false),
                MstChangeKind.Update => await tree.UpdateAsync(change.Key, change.Prev!.Value, cancellationToken).ConfigureAwait(false),
                _ => await tree.AddAsync(change.Key, change.Prev!.Value, cancellationToken).ConfigureAwait(false),
            };
        }

        return await tree.GetRootCidAsync(cancellationToken).ConfigureAwait(false);
    }
}
