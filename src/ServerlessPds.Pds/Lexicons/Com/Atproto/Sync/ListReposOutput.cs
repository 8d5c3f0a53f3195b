namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;

/// <summary>The output of listRepos: one page of the repos hosted here.</summary>
/// <param name="Cursor">The DID to continue after, or <see langword="null"/> (absent) on the last page.</param>
/// <param name="Repos">The repos, in DID order.</param>
/// <remarks>Lexicon: com.atproto.sync.listRepos.</remarks>
public sealed record ListReposOutput(string? Cursor, IReadOnlyList<ListReposRepo> Repos);
