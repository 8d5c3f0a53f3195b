using System.Text.Json.Nodes;

namespace ServerlessPds.Pds.ReadAfterWrite;

/// <summary>
/// The <c>app.bsky.feed.getPostThread</c> part of read-after-write, on the JSON of an
/// <c>app.bsky.feed.defs#threadViewPost</c>: the caller's new replies go in front of their parent's <c>replies</c>
/// wherever the parent is in the thread, as the reference PDS's <c>getPostThread</c> munging.
/// </summary>
internal static class ThreadPatch
{
    /// <summary>The <c>$type</c> of a thread node that holds a post.</summary>
    internal const string ThreadViewPostType = "app.bsky.feed.defs#threadViewPost";

    /// <summary>Tells whether a node is a <c>threadViewPost</c> (not a <c>notFoundPost</c> or <c>blockedPost</c>).</summary>
    internal static bool IsThreadViewPost(JsonNode? node) => node is JsonObject view && Text(view["$type"]) == ThreadViewPostType;

    /// <summary>Builds a thread node of one post view, with no parent or replies.</summary>
    internal static JsonObject Node(JsonObject postView) => new() { ["$type"] = ThreadViewPostType, ["post"] = postView.DeepClone() };

    /// <summary>
    /// Inserts the post views (oldest first) that reply within the thread, i.e. whose <c>reply.root</c> is the thread's
    /// post or the thread post's own root, under their parents; a post already there is left alone.
    /// </summary>
    /// <returns><see langword="true"/> if the thread changed.</returns>
    internal static bool AddPosts(JsonObject thread, IEnumerable<JsonObject> postViews)
    {
        var threadUri = Text(thread["post"]?["uri"]);
        var threadRoot = ReplyUri(thread["post"], "root");
        var changed = false;
        foreach (var post in postViews)
        {
            var root = ReplyUri(post, "root");
            if (root is not null && (root == threadUri || root == threadRoot))
            {
                changed |= Insert(thread, post);
            }
        }
        return changed;
    }

    /// <summary>Reads <c>record.reply.&lt;field&gt;.uri</c> of a post view.</summary>
    internal static string? ReplyUri(JsonNode? postView, string field) => Text(postView?["record"]?["reply"]?[field]?["uri"]);

    /// <summary>Reads a JSON string, or <see langword="null"/> when the node is absent or another kind.</summary>
    internal static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static bool Insert(JsonObject view, JsonObject post)
    {
        var replies = view["replies"] as JsonArray;
        if (ReplyUri(post, "parent") == Text(view["post"]?["uri"]))
        {
            var uri = Text(post["uri"]);
            if (replies?.Any(r => Text(r?["post"]?["uri"]) == uri) == true)
            {
                return false;
            }
            if (replies is null)
            {
                view["replies"] = replies = [];
            }
            replies.Insert(0, Node(post));
            return true;
        }
        var changed = false;
        foreach (var reply in replies?.OfType<JsonObject>().Where(IsThreadViewPost) ?? [])
        {
            changed |= Insert(reply, post);
        }
        return changed;
    }
}
