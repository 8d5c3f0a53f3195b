using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Testing;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Host.Tests.Instances;

/// <summary>
/// Two independent PDS instances (<see cref="A"/> and <see cref="B"/>: each its own DI container, caches, background
/// sweeper and Kestrel port) on one Azurite in Azure storage mode, with one in-memory PLC directory: two servers of
/// one deployment. Users live under <c>.test</c>; invite codes are off.
/// </summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public const string PublicUrl = "https://pds.example.com";

    public AzuriteFixture Azurite { get; } = new();

    public InMemoryPlcDirectory Plc { get; } = new();

    public PdsInstance A { get; private set; } = null!;

    public PdsInstance B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Pds:Storage:Mode"] = "azure",
            ["Pds:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Pds:InviteRequired"] = "false",
            ["Pds:UserDomains:0"] = ".test",
            ["Pds:PublicUrl"] = PublicUrl,
        };
        A = await PdsInstance.StartAsync(settings, Plc);
        B = await PdsInstance.StartAsync(settings, Plc);
    }

    public async Task DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}
