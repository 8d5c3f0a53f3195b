using System.Globalization;
using System.Text.Json;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.StressWorker;

/// <summary>
/// <c>blobgc --connection &lt;cs&gt; --prefix &lt;prefix&gt; --refs-table &lt;table&gt; --grace-seconds N --rounds N
/// --worker N</c>: runs the blob garbage collector over the <c>&lt;prefix&gt;blobs</c> table and container
/// the prefix names, asking <see cref="TableBlobReferences"/> which blobs are referenced, and prints one
/// JSON line per sweep (<c>{"worker", "round", "examined", "referenced", "deleted", "changed"}</c>).
/// </summary>
internal static class BlobGcMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        var connection = StorageConnection.FromConnectionString(values["connection"]);
        var store = new TableBlobStore(connection, AzureBlobStorageNames.WithPrefix(values["prefix"]));
        var references = new TableBlobReferences(connection.GetTableClient(values["refs-table"]));
        var grace = TimeSpan.FromSeconds(double.Parse(values["grace-seconds"], CultureInfo.InvariantCulture));
        var collector = new BlobGarbageCollector(store, references, new BlobGarbageCollectorOptions { GracePeriod = grace });
        var worker = int.Parse(values.GetValueOrDefault("worker", "0"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(values.GetValueOrDefault("rounds", "1"), CultureInfo.InvariantCulture);
        for (var round = 0; round < rounds; round++)
        {
            var result = await collector.RunOnceAsync();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                worker, round, examined = result.Examined, referenced = result.Referenced, deleted = result.Deleted, changed = result.Changed,
            }));
        }

        return 0;
    }
}
