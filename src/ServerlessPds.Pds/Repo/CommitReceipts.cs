using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// The receipts a repo head keeps (<see cref="Ports.RepoHead.Receipts"/>): for each of the last commits that carried a
/// write id, the id and what the commit answered, so a write delivered again (a Durable Entity operation replayed after
/// a crash) gets its first answer instead of being applied twice.
/// </summary>
/// <remarks>
/// Encoding: a JSON array, oldest first, of <c>[id, commitCid, rev, results]</c>, where <c>results</c> holds one
/// <c>"&lt;action letter&gt; &lt;collection&gt;/&lt;rkey&gt; &lt;cid or empty&gt;"</c> string per write (<c>c</c>
/// create, <c>u</c> update, <c>d</c> delete). At most <see cref="MaxReceipts"/> receipts and <see cref="MaxChars"/>
/// characters (a table property holds 32,768): older receipts are dropped first, the newest is always kept.
/// </remarks>
internal static class CommitReceipts
{
    /// <summary>The most receipts kept: more than the operations of one entity batch that a crash can make the runtime replay.</summary>
    public const int MaxReceipts = 32;

    /// <summary>The most characters kept (a 200-write commit's receipt is about 20,000).</summary>
    public const int MaxChars = 30_000;

    /// <summary>Finds the receipt of <paramref name="writeId"/> in <paramref name="receipts"/>.</summary>
    /// <param name="did">The repo (for the results' AT-URIs).</param>
    /// <param name="receipts">The head's receipts, or <see langword="null"/>.</param>
    /// <param name="writeId">The write id.</param>
    /// <returns>The commit's answer (not yet marked sequenced), or <see langword="null"/> when the write has no receipt.</returns>
    public static RepoCommitResult? Find(Did did, string? receipts, string writeId)
    {
        foreach (var receipt in Parse(receipts))
        {
            if (receipt[0].GetString() == writeId)
            {
                var results = receipt[3].EnumerateArray().Select(r => r.GetString()!.Split(' ')).Select(r => new RepoWriteResult(
                    r[0] switch { "c" => RepoWriteAction.Create, "u" => RepoWriteAction.Update, _ => RepoWriteAction.Delete },
                    AtUri.Parse($"at://{did}/{r[1]}"),
                    r[2].Length == 0 ? null : Cid.Parse(r[2])));
                return new RepoCommitResult(Cid.Parse(receipt[1].GetString()!), Tid.Parse(receipt[2].GetString()!), [.. results], Sequenced: false);
            }
        }

        return null;
    }

    /// <summary>Appends the receipt of a commit to <paramref name="receipts"/>, dropping the oldest beyond the bounds.</summary>
    /// <param name="receipts">The previous head's receipts, or <see langword="null"/>.</param>
    /// <param name="writeId">The commit's write id.</param>
    /// <param name="commit">The commit's CID.</param>
    /// <param name="rev">The commit's rev.</param>
    /// <param name="results">What each write did.</param>
    /// <returns>The new head's receipts.</returns>
    public static string Append(string? receipts, string writeId, Cid commit, Tid rev, IReadOnlyList<RepoWriteResult> results)
    {
        var kept = Parse(receipts).Select(r => r.GetRawText()).ToList();
        kept.Add(JsonSerializer.Serialize(new object[]
        {
            writeId, commit.ToString(), rev.Value,
            results.Select(r => $"{char.ToLowerInvariant(r.Action.ToString()[0])} {r.Uri.Collection}/{r.Uri.Rkey} {r.Cid?.ToString() ?? ""}").ToArray(),
        }));
        while (kept.Count > 1 && (kept.Count > MaxReceipts || kept.Sum(k => k.Length + 1) + 1 > MaxChars))
        {
            kept.RemoveAt(0);
        }

        return "[" + string.Join(',', kept) + "]";
    }

    private static List<JsonElement> Parse(string? receipts)
    {
        if (string.IsNullOrEmpty(receipts))
        {
            return [];
        }

        using var document = JsonDocument.Parse(receipts);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
