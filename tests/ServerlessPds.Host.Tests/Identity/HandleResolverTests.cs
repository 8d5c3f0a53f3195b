using System.Diagnostics;
using System.Net;
using ServerlessPds.Host.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Identity;

public sealed class HandleResolverTests : IClassFixture<HandleServersFixture>
{
    private const string PlcDid = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private readonly HandleServersFixture _servers;
    private readonly HandleResolver _resolver;

    public HandleResolverTests(HandleServersFixture servers)
    {
        _servers = servers;
        _resolver = new HandleResolver(servers.Http, new HandleResolverOptions
        {
            DnsServers = [servers.Dns.EndPoint],
            WellKnownScheme = "http",
            Timeout = TimeSpan.FromSeconds(2),
        });
        var dns = servers.Dns;
        dns.Records["_atproto.dns1.example.com"] = [["did=did:plc:dnsdnsdnsdnsdnsdnsdnsdns"]];
        dns.Records["_atproto.http.example.com"] = [["did=did:plc:dnsdnsdnsdnsdnsdnsdnsdns"]];
        dns.Records["_atproto.split.example.com"] = [["did=did:plc:splits", "plitsplitsplitsplit"]];
        dns.Records["_atproto.mixed.example.com"] = [["v=spf1 -all"], ["did=did:web:mixed.example.com"], ["atproto=1"]];
        dns.Records["_atproto.good.two.example.com"] = [["did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"], ["did=did:plc:bbbbbbbbbbbbbbbbbbbbbbbb"]];
        dns.Records["_atproto.good.bad.example.com"] = [["did=not a did"]];
        dns.Records["_atproto.good.quiet.example.com"] = [["did=did:plc:dnsdnsdnsdnsdnsdnsdnsdns"]];
        dns.Behaviors["_atproto.good.quiet.example.com"] = FakeDnsServer.Behavior.Silent;
        dns.Records["_atproto.good.cut.example.com"] = [["did=did:plc:dnsdnsdnsdnsdnsdnsdnsdns"]];
        dns.Behaviors["_atproto.good.cut.example.com"] = FakeDnsServer.Behavior.Truncated;
        dns.Behaviors["_atproto.good.fail.example.com"] = FakeDnsServer.Behavior.ServerFailure;
        dns.Records["_atproto.good.local"] = [["did=did:plc:dnsdnsdnsdnsdnsdnsdnsdns"]];
        dns.Records["_atproto.stray.example.com"] = [["did=did:plc:dnsdnsdnsdnsdnsdnsdnsdns"]];
        dns.Behaviors["_atproto.stray.example.com"] = FakeDnsServer.Behavior.WrongIdThenAnswer;
    }

    public static TheoryData<string, string?> Handles() => new()
    {
        { "dns1.example.com", "did:plc:dnsdnsdnsdnsdnsdnsdnsdns" },
        { "http.example.com", "did:plc:dnsdnsdnsdnsdnsdnsdnsdns" },
        { "split.example.com", "did:plc:splitsplitsplitsplitsplit" },
        { "mixed.example.com", "did:web:mixed.example.com" },
        { "stray.example.com", "did:plc:dnsdnsdnsdnsdnsdnsdnsdns" },
        { "good.example.com", PlcDid },
        { "good.two.example.com", PlcDid },
        { "good.bad.example.com", PlcDid },
        { "good.quiet.example.com", PlcDid },
        { "good.cut.example.com", PlcDid },
        { "good.fail.example.com", PlcDid },
        { "padded.example.com", "did:web:padded.example.com" },
        { "garbage.example.com", null },
        { "huge.example.com", null },
        { "error.example.com", null },
        { "missing.example.com", null },
        { "good.local", null },
    };

    [Theory]
    [MemberData(nameof(Handles))]
    public async Task ResolveAsync_Handle_UsesDnsThenWellKnown(string handle, string? expected)
    {
        var did = await _resolver.ResolveAsync(Handle.Parse(handle));

        Assert.Equal(expected, did?.Value);
    }

    [Fact]
    public async Task ResolveWellKnownAsync_SlowServer_TimesOutToNull()
    {
        var clock = Stopwatch.StartNew();

        var did = await _resolver.ResolveWellKnownAsync(Handle.Parse("slow.example.com"));

        Assert.Null(did);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task ResolveDnsAsync_NoServers_SkipsDns()
    {
        var resolver = new HandleResolver(_servers.Http, new HandleResolverOptions { DnsServers = [], WellKnownScheme = "http" });
        var before = _servers.Dns.Queries;

        Assert.Null(await resolver.ResolveDnsAsync(Handle.Parse("dns1.example.com")));
        Assert.Equal("did:plc:httphttphttphttphttphttp", (await resolver.ResolveAsync(Handle.Parse("http.example.com")))?.Value);
        Assert.Equal(before, _servers.Dns.Queries);
    }

    [Fact]
    public async Task ResolveDnsAsync_FirstServerUnreachable_AsksTheNext()
    {
        var resolver = new HandleResolver(_servers.Http, new HandleResolverOptions
        {
            DnsServers = [new IPEndPoint(IPAddress.Loopback, 1), _servers.Dns.EndPoint],
            WellKnownScheme = "http",
            Timeout = TimeSpan.FromSeconds(1),
        });

        Assert.Equal("did:plc:dnsdnsdnsdnsdnsdnsdnsdns", (await resolver.ResolveDnsAsync(Handle.Parse("dns1.example.com")))?.Value);
    }

    [Fact]
    public async Task ResolveAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _resolver.ResolveAsync(Handle.Parse("good.example.com"), cancelled.Token));
    }

    [Fact]
    public void Constructor_BadOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => new HandleResolver(_servers.Http, new HandleResolverOptions { WellKnownScheme = "ftp" }));
        Assert.Throws<ArgumentException>(() => new HandleResolver(_servers.Http, new HandleResolverOptions { Timeout = TimeSpan.Zero }));
    }
}
