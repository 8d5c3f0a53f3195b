using System.Net;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Testing.Fuzz;
using Xunit.Abstractions;

namespace ServerlessPds.Host.Tests.Hostile;

/// <summary>
/// The HTTP fuzz suite of issue 15 (short run; the long run is <c>dotnet run -c Release --project tests/ServerlessPds.Benchmarks -- http-fuzz</c>):
/// every route the server maps, found from its endpoint data source (<see cref="FuzzRoutes"/>) so new routes are covered, gets every
/// kind of <see cref="HttpFuzzer"/> request; none may answer 5xx, every POST answers 4xx with an XRPC error name, memory
/// stays bounded, and nothing changes in the repo, the firehose or the account.
/// </summary>
public sealed class HttpFuzzTests(HostilePds app, ITestOutputHelper output) : IClassFixture<HostilePds>
{
    [Fact]
    public async Task EveryRoute_HostileRequests_AreRefusedWithBoundedMemoryAndChangeNothing()
    {
        var account = await app.CreateAccountAsync("fuzz");
        var (_, password) = await XrpcTestCalls.CallAsync(app.Client, HttpMethod.Post, "com.atproto.server.createAppPassword", new { name = "fuzz" }, account.AccessJwt);
        var (_, session) = await XrpcTestCalls.CallAsync(app.Client, HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = account.Handle, password = password["password"]!.GetValue<string>() });
        var routes = FuzzRoutes.FromEndpoints(app.Pds.Services);
        var before = await SnapshotAsync(account);
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await HttpFuzzer.RunAsync(app.Client, routes, session["accessJwt"]!.GetValue<string>(), iterations: 1, seed: 15);

        using var log = new StringWriter();
        HttpFuzzer.Print(result, log, watch.Elapsed);
        output.WriteLine(log.ToString());
        Assert.Contains(routes, r => r.Path == "/xrpc/com.atproto.repo.createRecord");
        Assert.True(routes.Count >= 40, $"only {routes.Count} routes found");
        Assert.Equal(0, result.ServerErrors);
        Assert.Empty(result.Violations);
        Assert.True(result.PeakHeapBytes - baseline < 512L * 1024 * 1024, $"managed heap grew by {(result.PeakHeapBytes - baseline) / (1024 * 1024)} MiB");
        Assert.Equal(before, await SnapshotAsync(account));
    }

    /// <summary>The repo head and rev, the account as getSession shows it, and the firehose's last seq.</summary>
    private async Task<string> SnapshotAsync(TestAccount account)
    {
        var (status, head) = await XrpcTestCalls.CallAsync(app.Client, HttpMethod.Get, "com.atproto.sync.getLatestCommit", new { did = account.Did });
        var (_, who) = await XrpcTestCalls.CallAsync(app.Client, HttpMethod.Get, "com.atproto.server.getSession", token: account.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);
        return $"{head.ToJsonString()} {who.ToJsonString()} seq {await app.Pds.LatestSeqAsync()}";
    }
}
