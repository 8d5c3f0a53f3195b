using System.Text.Json.Nodes;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.ReadAfterWrite;

/// <summary>
/// Read-after-write, as the reference PDS (<c>read-after-write/</c>): when an AppView answers with an
/// <c>atproto-repo-rev</c> older than the caller's repo, the caller's newer records are patched into the answer so that
/// they see their own writes at once: new posts into <c>getTimeline</c> and their own <c>getAuthorFeed</c> (placed by
/// time, counts zero), new replies under their parents in <c>getPostThread</c> (and, when the AppView does not know the
/// asked-for post yet, the thread built here, <see cref="BuildThreadAsync"/>), a changed profile's
/// <c>displayName</c>/<c>description</c> into <c>getProfile</c>/<c>getProfiles</c>, and a changed <c>displayName</c> into
/// the caller's own posts in <c>getActorLikes</c> (whoever's likes they are, as the reference).
/// At most <see cref="MaxRecords"/> recent posts are considered.
/// </summary>
public sealed class ReadAfterWriteService(IRepoStore repos, IAccountStore accounts)
{
    /// <summary>The most recent posts looked at.</summary>
    public const int MaxRecords = 10;

    private static readonly Nsid PostCollection = Nsid.Parse("app.bsky.feed.post");
    private static readonly Nsid ProfileCollection = Nsid.Parse("app.bsky.actor.profile");

    /// <summary>Gets the methods whose answers are patched.</summary>
    public static IReadOnlySet<string> Methods { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "app.bsky.feed.getTimeline", "app.bsky.feed.getAuthorFeed", "app.bsky.actor.getProfile", "app.bsky.actor.getProfiles",
        GetPostThread, "app.bsky.feed.getActorLikes",
    };

    /// <summary>The method whose AppView <c>NotFound</c> may be answered from local records (<see cref="BuildThreadAsync"/>).</summary>
    public const string GetPostThread = "app.bsky.feed.getPostThread";

    /// <summary>Finds the caller's records newer than the AppView's rev.</summary>
    /// <param name="did">The caller.</param>
    /// <param name="upstreamRev">The AppView's <c>atproto-repo-rev</c>.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The records; empty when the AppView is current or the rev is not a TID.</returns>
    public async Task<LocalRecords> GetRecordsSinceAsync(Did did, string upstreamRev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var empty = new LocalRecords([], null);
        if (!Tid.TryParse(upstreamRev, out var rev)
            || await repos.GetHeadAsync(did, cancellationToken).ConfigureAwait(false) is not { } head || head.Rev <= rev)
        {
            return empty;
        }
        var reader = new RepoReader(repos);
        var page = await repos.ListRecordsAsync(did, PostCollection, null, MaxRecords, reverse: false, cancellationToken).ConfigureAwait(false);
        var posts = new List<(RepoRecord, DateTimeOffset)>();
        foreach (var entry in page.Records.Where(e => e.Rev > rev))
        {
            if (await reader.GetRecordAsync(did, PostCollection, entry.Path.Rkey, entry.Cid, cancellationToken).ConfigureAwait(false) is { } record)
            {
                posts.Add((record, DateTimeOffset.FromUnixTimeMilliseconds(entry.Rev.Timestamp / 1000)));
            }
        }
        var profiles = await repos.ListRecordsAsync(did, ProfileCollection, null, 1, reverse: false, cancellationToken).ConfigureAwait(false);
        RepoRecord? profile = null;
        if (profiles.Records is [{ Rev: var profileRev } p] && profileRev > rev)
        {
            profile = await reader.GetRecordAsync(did, ProfileCollection, p.Path.Rkey, p.Cid, cancellationToken).ConfigureAwait(false);
        }
        return new LocalRecords(posts, profile);
    }

    /// <summary>Patches an AppView answer.</summary>
    /// <param name="nsid">The method.</param>
    /// <param name="did">The caller.</param>
    /// <param name="actor">The <c>actor</c> parameter (getAuthorFeed, getProfile), or <see langword="null"/>.</param>
    /// <param name="output">The AppView's JSON output; changed in place.</param>
    /// <param name="local">The caller's newer records.</param>
    /// <param name="cancellationToken">A token that cancels the account read.</param>
    /// <returns><see langword="true"/> if the output changed.</returns>
    public async Task<bool> MungeAsync(string nsid, Did did, string? actor, JsonObject output, LocalRecords local, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(local);
        var account = await accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false);
        var handle = account?.Handle.Value ?? "handle.invalid";
        var isSelf = actor is not null && (actor == did.Value || string.Equals(actor, handle, StringComparison.OrdinalIgnoreCase));
        switch (nsid)
        {
            case "app.bsky.feed.getTimeline":
            case "app.bsky.feed.getAuthorFeed" when isSelf:
                return output["feed"] is JsonArray feed && InsertPosts(feed, local, Author(did, handle, local.Profile));
            case "app.bsky.actor.getProfile" when isSelf:
                return UpdateProfile(output, local.Profile);
            case "app.bsky.actor.getProfiles":
                return output["profiles"] is JsonArray profiles
                    && profiles.OfType<JsonObject>().Where(p => p["did"]?.GetValue<string>() == did.Value).Aggregate(false, (changed, p) => UpdateProfile(p, local.Profile) || changed);
            case GetPostThread:
                return output["thread"] is JsonObject thread && ThreadPatch.IsThreadViewPost(thread)
                    && ThreadPatch.AddPosts(thread, PostViewsOldestFirst(local, Author(did, handle, local.Profile)));
            case "app.bsky.feed.getActorLikes":
                return output["feed"] is JsonArray likes
                    && likes.Select(item => item?["post"]?["author"]).OfType<JsonObject>().Where(a => ThreadPatch.Text(a["did"]) == did.Value)
                        .Aggregate(false, (changed, author) => UpdateProfile(author, local.Profile, "displayName") || changed);
            default:
                return false;
        }
    }

    /// <summary>
    /// Answers <c>app.bsky.feed.getPostThread</c> from local records when the AppView answered <c>NotFound</c>, as the
    /// reference: only for a post of the caller (<paramref name="uri"/>'s authority the caller's DID or handle) that is
    /// among their records newer than the AppView. The thread is that post with the caller's other new replies under
    /// it, and as its <c>parent</c> the AppView's thread of the post it replies to (fetched with <c>depth=0</c>; left
    /// out when that fails).
    /// </summary>
    /// <param name="did">The caller.</param>
    /// <param name="uri">The <c>uri</c> parameter of the call.</param>
    /// <param name="local">The caller's records newer than the AppView (<see cref="GetRecordsSinceAsync"/>).</param>
    /// <param name="getParentThread">
    /// Fetches the AppView's <c>thread</c> (a <c>threadViewPost</c> or other union member) for a post's AT URI, or
    /// <see langword="null"/> when it cannot.
    /// </param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The <c>getPostThread</c> output, or <see langword="null"/> to pass the AppView's <c>NotFound</c> on.</returns>
    public async Task<JsonObject?> BuildThreadAsync(
        Did did, string? uri, LocalRecords local, Func<string, CancellationToken, Task<JsonNode?>> getParentThread, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(getParentThread);
        if (!AtUri.TryParse(uri, out var at) || at.Collection is null || at.Rkey is null)
        {
            return null;
        }
        var account = await accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false);
        var owner = at.Authority.Did
            ?? (at.Authority.Handle is { } h ? (await accounts.GetAccountByHandleAsync(h, cancellationToken).ConfigureAwait(false))?.Did : null);
        if (account is null || owner != did)
        {
            return null;
        }
        var wanted = AtUri.Create(AtIdentifier.FromDid(did), at.Collection, at.Rkey).Value;
        var views = PostViewsOldestFirst(local, Author(did, account.Handle.Value, local.Profile));
        if (views.FirstOrDefault(v => ThreadPatch.Text(v["uri"]) == wanted) is not { } found)
        {
            return null;
        }
        var thread = ThreadPatch.Node(found);
        ThreadPatch.AddPosts(thread, views.Where(v => v != found));
        if (ThreadPatch.ReplyUri(found, "parent") is { } parentUri
            && await getParentThread(parentUri, cancellationToken).ConfigureAwait(false) is JsonObject parent)
        {
            thread["parent"] = parent.DeepClone();
        }
        return new JsonObject { ["thread"] = thread };
    }

    private static List<JsonObject> PostViewsOldestFirst(LocalRecords local, JsonObject author) =>
        local.Posts.Reverse().Select(p => PostView(p.Record, p.IndexedAt, author)).ToList();

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject PostView(RepoRecord record, DateTimeOffset indexedAt, JsonObject author) => new()
    {
        ["uri"] = record.Uri.ToString(), ["cid"] = record.Cid.ToString(), ["author"] = author.DeepClone(),
        ["record"] = JsonNode.Parse(AtprotoJson.Serialize(record.Value)), ["replyCount"] = 0, ["repostCount"] = 0,
        ["likeCount"] = 0, ["quoteCount"] = 0, ["indexedAt"] = Timestamp(indexedAt),
    };

    private static JsonObject Author(Did did, string handle, RepoRecord? profile)
    {
        var author = new JsonObject { ["did"] = did.Value, ["handle"] = handle };
        if (profile?.Value is DataMap map && map.TryGetValue("displayName", out var name) && name is DataString s)
        {
            author["displayName"] = s.Value;
        }
        return author;
    }

    private static bool InsertPosts(JsonArray feed, LocalRecords local, JsonObject author)
    {
        var last = feed.LastOrDefault()?["post"]?["indexedAt"]?.GetValue<string>() ?? "1970-01-01T00:00:00.000Z";
        var changed = false;
        foreach (var (record, indexedAt) in local.Posts.Reverse())
        {
            var at = Timestamp(indexedAt);
            if (string.CompareOrdinal(at, last) <= 0 || feed.Any(i => i?["post"]?["uri"]?.GetValue<string>() == record.Uri.ToString()))
            {
                continue;
            }
            var post = PostView(record, indexedAt, author);
            var index = feed.Select((item, i) => (item, i))
                .FirstOrDefault(x => string.CompareOrdinal(x.item?["post"]?["indexedAt"]?.GetValue<string>(), at) < 0, (null, -1)).Item2;
            if (index >= 0)
            {
                feed.Insert(index, new JsonObject { ["post"] = post });
            }
            else
            {
                feed.Add(new JsonObject { ["post"] = post });
            }
            changed = true;
        }
        return changed;
    }

    private static bool UpdateProfile(JsonObject view, RepoRecord? profile) => UpdateProfile(view, profile, "displayName", "description");

    private static bool UpdateProfile(JsonObject view, RepoRecord? profile, params string[] fields)
    {
        if (profile?.Value is not DataMap map)
        {
            return false;
        }
        foreach (var field in fields)
        {
            view[field] = map.TryGetValue(field, out var value) && value is DataString s ? s.Value : null;
            if (view[field] is null)
            {
                view.Remove(field);
            }
        }
        return true;
    }
}
