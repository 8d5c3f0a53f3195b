using ServerlessPds.Host;
using ServerlessPds.Host.Hosting;

// The PDS host: standalone (Kestrel on PDS_PORT or the configured URLs) or an Azure Functions custom handler
// (FUNCTIONS_CUSTOMHANDLER_PORT). Everything is composed in HostComposition.
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
