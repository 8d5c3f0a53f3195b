namespace ServerlessPds.Host.Xrpc;

// The JSON outputs of com.atproto.sync.*, as the lexicons shape them.

/// <summary>Output of com.atproto.sync.getLatestCommit.</summary>
internal sealed record LatestCommitOutput(string Cid, string Rev);

/// <summary>Output of com.atproto.sync.getRepoStatus; <c>rev</c> only when active.</summary>
internal sealed record RepoStatusOutput(string Did, bool Active, string? Status, string? Rev);

/// <summary>com.atproto.sync.listRepos#repo.</summary>
internal sealed record ListReposRepo(string Did, string Head, string Rev, bool Active, string? Status);

/// <summary>Output of com.atproto.sync.listRepos.</summary>
internal sealed record ListReposOutput(string? Cursor, IReadOnlyList<ListReposRepo> Repos);
