using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Dev;

/// <summary>
/// <c>scripts/dev</c>, run as a developer runs it: Azurite, the PLC directory and the PDS come up on the given ports,
/// one ready line is printed, and SIGINT (Ctrl-C) or SIGTERM stops every process the script started.
/// </summary>
[Trait("Category", "Dev")]
public class DevScriptTests
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "scripts", "dev");

    [Theory]
    [InlineData("INT", 130)] // Ctrl-C
    [InlineData("TERM", 143)]
    public async Task Dev_StartedThenSignalled_ServesXrpcThenStopsEveryChild(string signal, int exitCode)
    {
        var ports = FreePorts.Take(5);
        var (pds, plc) = (ports[0], ports[1]);
        var data = Directory.CreateTempSubdirectory("serverlesspds-dev-").FullName;
        try
        {
            using var dev = ChildProcess.Start("bash", [Script], RepositoryPaths.Root, Environment(ports, data));
            var ready = await dev.WaitForLineAsync(l => l.StartsWith("PDS ready at ", StringComparison.Ordinal), TimeSpan.FromMinutes(4));

            Assert.Equal($"PDS ready at http://127.0.0.1:{pds} (PLC http://127.0.0.1:{plc})", ready);
            Assert.Contains(dev.Output.Split('\n'), l => l.StartsWith("dev: admin password for this run: ", StringComparison.Ordinal));
            using (var client = new HttpClient())
            {
                using var describe = JsonDocument.Parse(await client.GetStringAsync($"http://127.0.0.1:{pds}/xrpc/com.atproto.server.describeServer"));
                Assert.Equal("did:web:localhost", describe.RootElement.GetProperty("did").GetString());
                Assert.Equal([".test"], describe.RootElement.GetProperty("availableUserDomains").EnumerateArray().Select(d => d.GetString()));
                Assert.False(describe.RootElement.GetProperty("inviteCodeRequired").GetBoolean());
                using var plcHealth = await client.GetAsync($"http://127.0.0.1:{plc}/_health");
                Assert.Equal(HttpStatusCode.OK, plcHealth.StatusCode);
            }

            var children = ProcessTree.Descendants(dev.Id);
            Assert.True(children.Count >= 3, "expected Azurite, the PLC directory and the PDS: " + string.Join(", ", children));

            Signals.Send(dev.Id, signal);

            Assert.True(await dev.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"scripts/dev did not exit after SIG{signal}:\n" + dev.Output);
            Assert.Equal(exitCode, dev.ExitCode);
            Assert.DoesNotContain(children, ProcessTree.IsRunning);
            Assert.All(ports, port => Assert.True(IsFree(port), $"port {port} is still in use"));
            Assert.Single(dev.Output.Split('\n'), l => l.StartsWith("PDS ready at ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Dev_PortTaken_FailsNamingIt()
    {
        var ports = FreePorts.Take(5);
        var data = Directory.CreateTempSubdirectory("serverlesspds-dev-").FullName;
        var squatter = new TcpListener(IPAddress.Loopback, ports[0]);
        squatter.Start();
        try
        {
            using var dev = ChildProcess.Start("bash", [Script], RepositoryPaths.Root, Environment(ports, data));

            Assert.True(await dev.WaitForExitAsync(TimeSpan.FromSeconds(60)), dev.Output);
            Assert.Equal(1, dev.ExitCode);
            Assert.Contains($"dev: port {ports[0]} (PDS_PORT) is already in use", dev.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("PDS ready", dev.Output, StringComparison.Ordinal);
        }
        finally
        {
            squatter.Stop();
            Directory.Delete(data, recursive: true);
        }
    }

    private static Dictionary<string, string?> Environment(int[] ports, string data) => new()
    {
        ["PDS_PORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
        ["PLC_PORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
        ["AZURITE_BLOB_PORT"] = ports[2].ToString(CultureInfo.InvariantCulture),
        ["AZURITE_QUEUE_PORT"] = ports[3].ToString(CultureInfo.InvariantCulture),
        ["AZURITE_TABLE_PORT"] = ports[4].ToString(CultureInfo.InvariantCulture),
        ["PDS_DEV_NO_BUILD"] = "1", // the test run already built the host
        ["PDS_CONFIGURATION"] = RepositoryPaths.Configuration,
        ["PDS_DEV_DATA"] = data,
        ["PDS_ADMIN_PASSWORD"] = null,
    };

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
