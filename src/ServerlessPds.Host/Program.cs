var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "ServerlessPds: an AT Protocol PDS. See /xrpc/com.atproto.server.describeServer");
app.Run();

/// <summary>The host's entry point, visible to the test host.</summary>
public partial class Program;
