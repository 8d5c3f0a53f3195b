using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServerlessPds.Functions;

/// <summary>The worker's entry point: the Functions worker with ASP.NET Core integration, and the PDS application it serves.</summary>
internal static class FunctionsProgram
{
    private static void Main()
    {
        var host = new HostBuilder()
            .ConfigureFunctionsWebApplication()
            .ConfigureServices(services =>
            {
                services.AddSingleton<PdsApplication>(_ => new PdsApplication());
                services.AddHostedService(sp => sp.GetRequiredService<PdsApplication>());
            })
            .Build();
        host.Run();
    }
}
