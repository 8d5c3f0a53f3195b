using ServerlessPds.Host.Tests.Identity;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Host.Tests.Instances;

/// <summary>
/// Two independent PDS instances (<see cref="A"/> and <see cref="B"/>: two OS processes of the built host, each with
/// its own DI container, caches, background sweeper and port) on one Azurite in Azure storage mode, with one real PLC
/// directory (@did-plc/server): two servers of one deployment. Users live under <c>.test</c>; invite codes are off.
/// </summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public const string PublicUrl = "https://pds.example.com";

    public AzuriteFixture Azurite { get; } = new();

    public PlcServerFixture Plc { get; } = new();

    public PdsProcess A { get; private set; } = null!;

    public PdsProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Azurite.InitializeAsync(), Plc.InitializeAsync());
        var settings = new Dictionary<string, string?>
        {
            ["Pds:Storage:Mode"] = "azure",
            ["Pds:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Pds:PlcUrl"] = Plc.BaseUrl.ToString().TrimEnd('/'),
            ["Pds:InviteRequired"] = "false",
            ["Pds:UserDomains:0"] = ".test",
            ["Pds:PublicUrl"] = PublicUrl,
        };
        A = await PdsProcess.StartAsync(settings);
        B = await PdsProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        A?.Dispose();
        B?.Dispose();
        await Plc.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
