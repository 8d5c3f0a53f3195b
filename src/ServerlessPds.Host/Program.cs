using ServerlessPds.Host;
using ServerlessPds.Host.Hosting;

// The standalone PDS host: Kestrel on PDS_PORT or the configured URLs (the function app in src/ServerlessPds.Functions
// runs the same composition without Kestrel). Everything is composed in HostComposition.
var builder = WebApplication.CreateBuilder(args);
builder.AddPdsHost();

var app = builder.Build();
if (!app.TryValidateConfiguration(Console.Error))
{
    return HostInfo.InvalidConfigurationExitCode;
}

app.UsePdsHost();
app.Run();
return 0;

/// <summary>The host's entry point, visible to the test host.</summary>
public partial class Program;
