namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The input of applyWrites.</summary>
/// <param name="Repo">The repo's at-identifier (DID or handle); must be the caller's.</param>
/// <param name="Writes">The writes, applied in order in one commit (at most <see cref="MaxWrites"/>).</param>
/// <param name="Validate">As in <see cref="CreateRecordInput.Validate"/>, for every write.</param>
/// <param name="SwapCommit">The CID the repo's commit must be at, or <see langword="null"/>.</param>
/// <remarks>Lexicon: com.atproto.repo.applyWrites.</remarks>
public sealed record ApplyWritesInput(string Repo, IReadOnlyList<ApplyWritesOperation> Writes, bool? Validate = null, string? SwapCommit = null)
{
    /// <summary>The most writes one applyWrites may carry (as the reference PDS).</summary>
    public const int MaxWrites = 200;
}
