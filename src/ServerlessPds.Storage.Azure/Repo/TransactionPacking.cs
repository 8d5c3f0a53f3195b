using Azure.Data.Tables;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>Sizes entity group transactions so that each stays within 100 operations and the 4 MiB payload limit.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions.</remarks>
internal static class TransactionPacking
{
    /// <summary>The payload budget per transaction: 4 MiB less a margin for the multipart framing.</summary>
    public const int BudgetBytes = TableLimits.MaxTransactionPayloadBytes - (128 * 1024);

    /// <summary>The framing one sub-request adds beyond its JSON body and URL keys (headers, boundaries), rounded up.</summary>
    private const int PerOperationOverheadBytes = 768;

    /// <summary>The JSON a property adds besides its value: quotes, colon, comma and an <c>@odata.type</c> annotation.</summary>
    private const int PerPropertyOverheadBytes = 48;

    /// <summary>
    /// Gets an upper bound of the bytes <paramref name="action"/> adds to a transaction payload: the framing, the keys
    /// in its URL (at most 9 bytes per character once percent-encoded) and its JSON body.
    /// </summary>
    public static int Size(TableTransactionAction action) => PerOperationOverheadBytes
        + (9 * (action.Entity.PartitionKey.Length + action.Entity.RowKey.Length))
        + (action.ActionType == TableTransactionActionType.Delete || action.Entity is not TableEntity entity ? 0 : JsonBytes(entity));

    /// <summary>An upper bound of the entity's JSON body: binary as base64, strings with every non-ASCII or special character escaped (6 bytes).</summary>
    private static int JsonBytes(TableEntity entity) => entity.Sum(p => PerPropertyOverheadBytes + (6 * p.Key.Length) + p.Value switch
    {
        byte[] bytes => 4 * ((bytes.Length + 2) / 3),
        string text => EscapedLength(text),
        _ => 40,
    });

    /// <summary>Printable ASCII that JSON writes as itself (System.Text.Json's default encoder escapes the rest, at most 6 bytes each).</summary>
    private static readonly System.Buffers.SearchValues<char> Plain = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(' ', 0x7F - ' ').Select(c => (char)c).Where(c => c is not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`'))));

    /// <summary>An upper bound of a string's JSON bytes: 1 per plain character, 6 per other (a span scan, no allocation).</summary>
    private static int EscapedLength(string text)
    {
        var length = 0;
        var rest = text.AsSpan();
        while (true)
        {
            var other = rest.IndexOfAnyExcept(Plain);
            if (other < 0)
            {
                return length + rest.Length;
            }

            length += other + 6;
            rest = rest[(other + 1)..];
        }
    }

    /// <summary>Gets a value indicating whether <paramref name="actions"/> fit in one transaction.</summary>
    public static bool Fits(IReadOnlyCollection<TableTransactionAction> actions) =>
        actions.Count <= TableLimits.MaxTransactionOperations && actions.Sum(Size) <= BudgetBytes;

    /// <summary>Splits <paramref name="actions"/> (in order) into transactions that each fit.</summary>
    public static List<List<TableTransactionAction>> Pack(IEnumerable<TableTransactionAction> actions)
    {
        var batches = new List<List<TableTransactionAction>>();
        var current = new List<TableTransactionAction>();
        var bytes = 0;
        foreach (var action in actions)
        {
            var size = Size(action);
            if (current.Count > 0 && (current.Count == TableLimits.MaxTransactionOperations || bytes + size > BudgetBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(action);
            bytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
