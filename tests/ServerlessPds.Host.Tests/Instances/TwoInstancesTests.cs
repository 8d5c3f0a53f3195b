using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Repo;
using Xunit.Abstractions;

namespace ServerlessPds.Host.Tests.Instances;

/// <summary>
/// Two server instances on one storage account: writes through either are visible through both, and concurrent writes
/// to one account through both produce one linear history (docs/architecture.md, "The commit path").
/// </summary>
public sealed class TwoInstancesTests(TwoInstancesFixture pds, ITestOutputHelper output) : IClassFixture<TwoInstancesFixture>
{
    private const string Collection = "com.example.item";

    [Fact]
    public async Task AnAccountCreatedThroughOneLogsInThroughTheOther()
    {
        var account = await XrpcTestCalls.CreateAccountAsync(pds.A.Client, "login1");

        var (status, session) = await pds.B.CallAsync(HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = account.Handle, password = account.Password });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(account.Did, session["did"]!.GetValue<string>());

        var (checkStatus, checkedSession) = await pds.A.CallAsync(HttpMethod.Get, "com.atproto.server.getSession",
            token: session["accessJwt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, checkStatus);
        Assert.Equal(account.Handle, checkedSession["handle"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordsWrittenThroughEitherAreReadableThroughBoth()
    {
        var account = await XrpcTestCalls.CreateAccountAsync(pds.A.Client, "read1");
        var viaA = await WriteAsync(pds.A, account, "put", "from-a", new { text = "written through A" });
        var viaB = await WriteAsync(pds.B, account, "put", "from-b", new { text = "written through B" });

        foreach (var instance in new[] { pds.A, pds.B })
        {
            foreach (var (rkey, written, text) in new[] { ("from-a", viaA, "written through A"), ("from-b", viaB, "written through B") })
            {
                var (status, record) = await instance.CallAsync(HttpMethod.Get, "com.atproto.repo.getRecord",
                    new { repo = account.Did, collection = Collection, rkey });
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(written["cid"]!.GetValue<string>(), record["cid"]!.GetValue<string>());
                Assert.Equal(text, record["value"]!["text"]!.GetValue<string>());
            }

            var (listStatus, list) = await instance.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords",
                new { repo = account.Did, collection = Collection });
            Assert.Equal(HttpStatusCode.OK, listStatus);
            Assert.Equal(
                [$"at://{account.Did}/{Collection}/from-b", $"at://{account.Did}/{Collection}/from-a"],
                list["records"]!.AsArray().Select(r => r!["uri"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task AWriteThroughOneIsReadAtOnceThroughTheOther()
    {
        var account = await XrpcTestCalls.CreateAccountAsync(pds.A.Client, "fresh1");
        for (var i = 0; i < 6; i++)
        {
            // Alternate the writer, so each instance's cached head is stale at every write and every read.
            var (writer, reader) = i % 2 == 0 ? (pds.A, pds.B) : (pds.B, pds.A);
            var written = await WriteAsync(writer, account, "put", "counter", new { text = $"version {i}" });

            var (status, record) = await reader.CallAsync(HttpMethod.Get, "com.atproto.repo.getRecord",
                new { repo = account.Did, collection = Collection, rkey = "counter" });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(written["cid"]!.GetValue<string>(), record["cid"]!.GetValue<string>());
            Assert.Equal($"version {i}", record["value"]!["text"]!.GetValue<string>());

            var (describeStatus, list) = await reader.CallAsync(HttpMethod.Get, "com.atproto.repo.listRecords",
                new { repo = account.Did, collection = Collection });
            Assert.Equal(HttpStatusCode.OK, describeStatus);
            Assert.Equal($"version {i}", Assert.Single(list["records"]!.AsArray())!["value"]!["text"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AnAccountDeactivatedThroughOneCannotWriteThroughTheOther()
    {
        var account = await XrpcTestCalls.CreateAccountAsync(pds.A.Client, "deact1");
        await WriteAsync(pds.B, account, "create", "before", new { text = "before" });

        var (deactivated, _) = await pds.A.CallAsync(HttpMethod.Post, "com.atproto.server.deactivateAccount", new { }, account.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, deactivated);

        var (status, error) = await pds.B.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = account.Did, collection = Collection, rkey = "after", record = new { text = "after" } }, account.AccessJwt);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AccountDeactivated", error["error"]!.GetValue<string>());
        var (missing, _) = await pds.A.CallAsync(HttpMethod.Get, "com.atproto.repo.getRecord",
            new { repo = account.Did, collection = Collection, rkey = "after" });
        Assert.NotEqual(HttpStatusCode.OK, missing);

        var (activated, _) = await pds.B.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", new { }, account.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, activated);
        await WriteAsync(pds.A, account, "create", "after", new { text = "after" });
    }

    [Fact]
    public async Task ConcurrentWritesThroughBothMakeOneLinearHistory()
    {
        const int WorkersPerInstance = 4;
        const int RecordsPerWorker = 4;
        var account = await XrpcTestCalls.CreateAccountAsync(pds.A.Client, "race1");
        var did = Did.Parse(account.Did);

        // Each worker owns its record keys and writes them in order, so its own model of them is exact; the workers
        // of both instances run at once on the same repo.
        var revs = new ConcurrentBag<(string Rev, string Instance)>();
        var failures = new ConcurrentBag<string>();
        var expected = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var workers = Enumerable.Range(0, 2 * WorkersPerInstance).Select(w => Task.Run(async () =>
        {
            var (instance, name) = w % 2 == 0 ? (pds.A, "A") : (pds.B, "B");
            for (var i = 0; i < RecordsPerWorker; i++)
            {
                var rkey = $"w{w}r{i}";
                var key = $"{Collection}/{rkey}";
                var steps = i % 2 == 0 ? new[] { "create", "put", "delete" } : ["create", "put"];
                foreach (var step in steps)
                {
                    if (step == "delete" && !expected.ContainsKey(key))
                    {
                        continue;
                    }

                    var (status, json) = await SendWriteAsync(instance, account, step, rkey, new { text = $"{step} by worker {w}" });
                    if (status != HttpStatusCode.OK)
                    {
                        // A clean failure: an XRPC error, never a 500, and (checked below) no trace in the repo.
                        Assert.NotEqual(HttpStatusCode.InternalServerError, status);
                        Assert.False(string.IsNullOrEmpty(json["error"]?.GetValue<string>()), json.ToJsonString());
                        failures.Add($"{step} {rkey} via {name}: {(int)status} {json["error"]}");
                        continue;
                    }

                    revs.Add((json["commit"]!["rev"]!.GetValue<string>(), name));
                    if (step == "delete")
                    {
                        expected.TryRemove(key, out _);
                    }
                    else
                    {
                        expected[key] = json["cid"]!.GetValue<string>();
                    }
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        output.WriteLine($"{revs.Count} writes acknowledged ({revs.Count(r => r.Instance == "A")} via A), {failures.Count} failed cleanly");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Contains(revs, r => r.Instance == "A");
        Assert.Contains(revs, r => r.Instance == "B");
        Assert.Equal(revs.Count, revs.Select(r => r.Rev).Distinct(StringComparer.Ordinal).Count());

        // The head's MST holds exactly the acknowledged records.
        var repos = new TableRepoStore(pds.Azurite.Connection);
        var head = await repos.GetHeadAsync(did) ?? throw new InvalidOperationException("no head");
        var tree = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var (key, cid) in Mst.Load(new StoreBlocks(repos, did), head.DataCid).ListAsync())
        {
            tree[key] = cid.ToString();
        }

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), tree.OrderBy(p => p.Key, StringComparer.Ordinal));

        // The event log holds one chain of #commit events for the DID: the repo's creation, then every acknowledged
        // write exactly once, each `since` the previous `rev`, ending at the head.
        var commits = await ReadCommitsUntilAsync(did, head.Rev);
        Assert.Null(commits[0].Since);
        for (var i = 1; i < commits.Count; i++)
        {
            Assert.Equal(commits[i - 1].Rev, commits[i].Since);
            Assert.True(commits[i].Rev > commits[i - 1].Rev, $"rev {commits[i].Rev} after {commits[i - 1].Rev}");
        }

        Assert.Equal(revs.Select(r => r.Rev).Order(StringComparer.Ordinal), commits.Skip(1).Select(c => c.Rev.Value));
        Assert.Equal(head.CommitCid, commits[^1].Commit);
    }

    private async Task<JsonNode> WriteAsync(PdsProcess instance, TestAccount account, string step, string rkey, object record)
    {
        var (status, json) = await SendWriteAsync(instance, account, step, rkey, record);
        Assert.True(status == HttpStatusCode.OK, json.ToJsonString());
        return json;
    }

    private static Task<(HttpStatusCode Status, JsonNode Json)> SendWriteAsync(PdsProcess instance, TestAccount account, string step, string rkey, object record) =>
        step switch
        {
            "create" => instance.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
                new { repo = account.Did, collection = Collection, rkey, record }, account.AccessJwt),
            "put" => instance.CallAsync(HttpMethod.Post, "com.atproto.repo.putRecord",
                new { repo = account.Did, collection = Collection, rkey, record }, account.AccessJwt),
            _ => instance.CallAsync(HttpMethod.Post, "com.atproto.repo.deleteRecord",
                new { repo = account.Did, collection = Collection, rkey }, account.AccessJwt),
        };

    /// <summary>Reads the DID's #commit events from the log, in seq order, waiting until the last one has rev <paramref name="headRev"/>.</summary>
    private async Task<List<CommitEvent>> ReadCommitsUntilAsync(Did did, Tid headRev)
    {
        var log = new TableEventLog(pds.Azurite.Connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var commits = new List<CommitEvent>();
            var after = 0L;
            while (true)
            {
                var page = await log.ReadAsync(after, 500, timeout.Token);
                if (page.Count == 0)
                {
                    break;
                }

                commits.AddRange(page.Where(e => e.Did == did && e.Event.Type == CommitEvent.TypeName).Select(e => (CommitEvent)e.Event.ToMessage()!));
                after = page[^1].Seq;
            }

            if (commits.Count > 0 && commits[^1].Rev == headRev)
            {
                return commits;
            }

            // The writers sequence their own commits; one whose sequencing failed is left to the sweeper.
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        }
    }

    /// <summary>A repo's blocks straight from the store.</summary>
    private sealed class StoreBlocks(IRepoStore repos, Did did) : IBlockSource
    {
        public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            await repos.GetBlockAsync(did, cid, cancellationToken);
    }
}
