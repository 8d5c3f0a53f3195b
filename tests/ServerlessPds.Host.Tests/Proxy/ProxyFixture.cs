using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Identity;
using ServerlessPds.Host.Tests.Identity;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;

namespace ServerlessPds.Host.Tests.Proxy;

/// <summary>
/// The real parts of the proxy tests: a PLC directory, an AppView stand-in, a chat stand-in registered in that directory
/// as a did:plc with a <c>#bsky_chat</c> service entry, and a PDS (in-process, real PLC client) configured with the
/// AppView and SSRF protection off (the stand-ins listen on 127.0.0.1).
/// </summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    public const string AppViewDid = "did:web:appview.test";
    public const long MaxResponseBytes = 40L * 1024 * 1024;

    private readonly PlcServerFixture _plcServer = new();

    public PlcDirectoryClient Plc { get; private set; } = null!;

    public ServiceStandIn AppView { get; private set; } = null!;

    public ServiceStandIn Chat { get; private set; } = null!;

    public PdsApiFactory Pds { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _plcServer.InitializeAsync();
        Plc = new PlcDirectoryClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, _plcServer.BaseUrl);
        AppView = await ServiceStandIn.StartAsync(AppViewDid, Plc);
        Chat = await RegisterChatAsync();
        Pds = CreatePds(new Dictionary<string, string?> { ["Pds:Proxy:DisableSsrfProtection"] = "true" });
    }

    /// <summary>Creates another PDS on the same PLC directory and AppView, with <paramref name="settings"/> on top.</summary>
    public PdsApiFactory CreatePds(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Pds:PlcUrl"] = _plcServer.BaseUrl.ToString(),
            ["Pds:Proxy:AppViewUrl"] = AppView.Url.ToString(),
            ["Pds:Proxy:AppViewDid"] = AppViewDid,
            ["Pds:Proxy:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return new PdsApiFactory(all, services => services.AddSingleton<IPlcDirectory>(
            new PlcDirectoryClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, _plcServer.BaseUrl)));
    }

    private async Task<ServiceStandIn> RegisterChatAsync()
    {
        using var rotation = SigningKey.Generate(KeyAlgorithm.K256);
        using var signing = SigningKey.Generate(KeyAlgorithm.K256);
        // The DID depends on the endpoint, and the endpoint on the port: start, register, then start again on the DID.
        var port = FreePorts.Take(1)[0];
        var endpoint = $"http://127.0.0.1:{port}";
        var genesis = await PlcOperation.Create(
            [rotation.PublicKey.ToDidKey()],
            [new("atproto", signing.PublicKey.ToDidKey())],
            [],
            [new("bsky_chat", new PlcService("BskyChatService", endpoint))],
            prev: null).SignAsync(rotation);
        var did = PlcDid.FromGenesis(genesis);
        await Plc.SubmitAsync(did, genesis);
        return await ServiceStandIn.StartAsync(did.Value, Plc, port);
    }

    public async Task DisposeAsync()
    {
        await Pds.DisposeAsync();
        await AppView.DisposeAsync();
        await Chat.DisposeAsync();
        await _plcServer.DisposeAsync();
    }
}
