using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Pds.ReadAfterWrite;

/// <summary>The account's records written after the AppView's <c>atproto-repo-rev</c>, newest post first.</summary>
/// <param name="Posts">New posts (<c>app.bsky.feed.post</c>), newest first, with the time each was written.</param>
/// <param name="Profile">The profile record (<c>app.bsky.actor.profile/self</c>) when it changed, or <see langword="null"/>.</param>
public sealed record LocalRecords(IReadOnlyList<(RepoRecord Record, DateTimeOffset IndexedAt)> Posts, RepoRecord? Profile)
{
    /// <summary>Gets a value indicating whether nothing is newer than the AppView.</summary>
    public bool IsEmpty => Posts.Count == 0 && Profile is null;

    /// <summary>Gets the time of the oldest record patched in, for <c>Atproto-Upstream-Lag</c>.</summary>
    public DateTimeOffset? Oldest => Posts.Count == 0 ? null : Posts[^1].IndexedAt;
}
