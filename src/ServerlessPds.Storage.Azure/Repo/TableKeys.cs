using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// The PartitionKeys, RowKeys and blob names of the repo layout (docs/architecture.md, "Storage layout"). Table keys
/// are at most <see cref="TableLimits.MaxKeyChars"/> characters and never contain <c>/ \ # ?</c> or control characters.
/// </summary>
/// <remarks>
/// <para>Keys that would be too long take a hashed form: the key's first characters, the marker <c>!</c> (which no DID,
/// NSID or record key contains, so a hashed key never equals a plain one), and 40 hex digits of the SHA-256 of the
/// whole text. Ordering is kept except among keys sharing that prefix, which only very long record keys can.</para>
/// <para>Record index, ascending (<c>r:</c>): <c>r:&lt;collection&gt; &lt;rkey&gt;</c>. The space sorts before every
/// NSID and rkey character, so one collection's rows are the range [<c>r:&lt;collection&gt; </c>,
/// <c>r:&lt;collection&gt;!</c>).</para>
/// <para>Record index, descending (<c>v:</c>): <c>v:&lt;collection&gt; &lt;inverted rkey&gt;</c>, where each rkey
/// character c becomes U+EFFF − c (a private-use character) and U+EFFF ends the key, so ascending RowKey order is
/// descending rkey order (a key sorts after every key it is a prefix of). Table queries only run forwards; this row
/// makes the default <c>listRecords</c> order (newest first) one range read.</para>
/// </remarks>
internal static class TableKeys
{
    /// <summary>The RowKey of a repo's head.</summary>
    public const string Head = "head";

    /// <summary>The PartitionKey of the event log and of the pending directory's markers.</summary>
    public const string LogPartition = "log";

    /// <summary>The RowKey of the event log's seq counter.</summary>
    public const string Counter = "counter";

    /// <summary>The PartitionKey of the pending markers.</summary>
    public const string PendingPartition = "pending";

    /// <summary>The first RowKey of the outbox range, <c>o:</c>.</summary>
    public const string OutboxPrefix = "o:";

    /// <summary>The first RowKey of the sequenced-events range, <c>e:</c>.</summary>
    public const string EventPrefix = "e:";

    private const char HashMarker = '!';
    private const int HashChars = 40;
    private const char InvertBase = '\uEFFF';

    /// <summary>Gets the PartitionKey of a repo: the DID, or its hashed form when longer than 512 characters.</summary>
    public static string Partition(Did did) => Fit(did.Value, TableLimits.MaxKeyChars);

    /// <summary>Gets the RowKey of a block: <c>b:&lt;cid&gt;</c>.</summary>
    public static string Block(Cid cid) => "b:" + cid;

    /// <summary>Gets the RowKey of an outbox entry: <c>o:&lt;rev&gt;</c>.</summary>
    public static string Outbox(Tid rev) => OutboxPrefix + rev.Value;

    /// <summary>Gets the RowKey of a big commit's pending index changes: <c>x:&lt;rev&gt;</c>.</summary>
    public static string IndexDebt(Tid rev) => "x:" + rev.Value;

    /// <summary>Gets the ascending index RowKey of a record.</summary>
    public static string Record(RepoPath path) => Fit(RecordPrefix(path.Collection) + path.Rkey.Value, TableLimits.MaxKeyChars);

    /// <summary>Gets the descending index RowKey of a record.</summary>
    public static string RecordDescending(RepoPath path) =>
        Fit(DescendingPrefix(path.Collection) + Invert(path.Rkey.Value) + InvertBase, TableLimits.MaxKeyChars);

    /// <summary>Gets the prefix shared by a collection's ascending index rows.</summary>
    public static string RecordPrefix(Nsid collection) => "r:" + collection.Value + " ";

    /// <summary>Gets the prefix shared by a collection's descending index rows.</summary>
    public static string DescendingPrefix(Nsid collection) => "v:" + collection.Value + " ";

    /// <summary>Gets the first key after every key starting with <paramref name="prefix"/> that ends in a space.</summary>
    public static string RangeEnd(string prefix) => prefix[..^1] + "!";

    /// <summary>The first RowKey of the blob reference range, <c>l:</c>.</summary>
    public const string BlobReferencePrefix = "l:";

    /// <summary>The first RowKey after the blob reference range: <c>l;</c> (<c>;</c> follows <c>:</c>).</summary>
    public const string BlobReferenceEnd = "l;";

    /// <summary>
    /// Gets the RowKey of a blob reference: <c>l:&lt;cid&gt; &lt;collection&gt; &lt;rkey&gt;</c>, hashed when too long
    /// (the CID and the space after it always stay whole, so one blob's rows are the range of <see cref="BlobReferenceRange"/>).
    /// </summary>
    public static string BlobReference(Cid cid, RepoPath path) =>
        Fit(BlobReferenceRange(cid) + path.Collection.Value + " " + path.Rkey.Value, TableLimits.MaxKeyChars);

    /// <summary>Gets the prefix shared by one blob's reference rows: <c>l:&lt;cid&gt; </c>.</summary>
    public static string BlobReferenceRange(Cid cid) => BlobReferencePrefix + cid + " ";

    /// <summary>Gets the RowKey of a sequenced event: <c>e:</c> and the seq as 19 digits.</summary>
    public static string Event(long seq) => EventPrefix + seq.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Gets the RowKey of the "this commit has a seq" row: <c>d:&lt;did&gt; &lt;rev&gt;</c>.</summary>
    public static string Dedupe(Did did, Tid rev) => DedupePrefix(did) + rev.Value;

    /// <summary>Gets the prefix of a DID's dedupe rows (the DID hashed when long, so that a rev always fits).</summary>
    public static string DedupePrefix(Did did) => "d:" + Fit(did.Value, TableLimits.MaxKeyChars - 3 - Tid.Length) + " ";

    /// <summary>Gets the RowKey of a DID's pending marker.</summary>
    public static string Pending(Did did) => Fit(did.Value, TableLimits.MaxKeyChars);

    /// <summary>Gets the blob name of a block stored in the <c>blocks</c> container: <c>&lt;did&gt;/&lt;cid&gt;</c>.</summary>
    public static string BlockBlob(Did did, Cid cid) => Partition(did) + "/" + cid;

    /// <summary>Gets the blob name of an outbox entry's body in the <c>events</c> container: <c>&lt;did&gt;/&lt;rev&gt;</c>.</summary>
    public static string EventBlob(Did did, Tid rev) => Partition(did) + "/" + rev.Value;

    /// <summary>Returns <paramref name="text"/>, or when longer than <paramref name="max"/> its hashed form of exactly that length.</summary>
    internal static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..HashChars];
        return string.Concat(text.AsSpan(0, max - HashChars - 1), HashMarker.ToString(), hash);
    }

    private static string Invert(string rkey) => string.Create(rkey.Length, rkey, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++)
        {
            span[i] = (char)(InvertBase - s[i]);
        }
    });
}
