using System.Diagnostics;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>A real PLC directory (@did-plc/server, in-memory database) on a free loopback port, for one test class.</summary>
public sealed class PlcServerFixture : IAsyncLifetime
{
    private const string ReadyPrefix = "PLC ready at ";
    private Process? _process;

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _process = Process.Start(NodeTools.StartInfo("plc-server.mjs", "--port", "0")) ?? throw new InvalidOperationException("node did not start");
        _process.StandardInput.Close();
        var stderr = _process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The PLC server exited before it was ready: {await stderr}");
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                BaseUrl = new Uri(line[ReadyPrefix.Length..].Trim());
                break;
            }
        }

        // Keep draining stdout so the server never blocks on a full pipe.
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
