using System.Diagnostics;
using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Repo;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>Runs <c>tests/ServerlessPds.StressWorker</c> as a separate OS process and collects its JSON lines.</summary>
internal sealed class StressWorkerProcess
{
    private readonly Process _process;
    private readonly List<StressLine> _lines = [];
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StressWorkerProcess(Process process) => _process = process;

    public IReadOnlyList<StressLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors.Take(20).Concat(_errors.Skip(20).TakeLast(20)));
            }
        }
    }

    /// <summary>Gets a task that completes when the worker printed its first line (or exited).</summary>
    public Task FirstLine => _firstLine.Task;

    public static string WorkerDll
    {
        get
        {
            var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var dll = Path.Combine(here.Replace("ServerlessPds.Storage.Azure.Tests", "ServerlessPds.StressWorker", StringComparison.Ordinal), "ServerlessPds.StressWorker.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"The stress worker is not built: {dll} is missing.");
        }
    }

    /// <summary>
    /// Starts a worker: <paramref name="writers"/> concurrent writers of <paramref name="ops"/> single-write commits each,
    /// through the <paramref name="serializer"/> (<c>cas</c> or <c>entity</c>; the entity serialiser's task hub is derived
    /// from the table prefix, so each test's workers share one hub and no other test's).
    /// </summary>
    public static StressWorkerProcess Start(
        string connectionString, AzureRepoStorageNames names, IEnumerable<Did> dids, SigningKey key, int worker, int writers, int ops,
        string? crashAt = null, int crashCount = 3, int? maxInlineBlocks = null, string serializer = "cas", int? partitions = null,
        int? visibilitySeconds = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerDll);
        void Add(string name, object value)
        {
            start.ArgumentList.Add("--" + name);
            start.ArgumentList.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
        }

        Add("connection", connectionString);
        Add("prefix", names.ReposTable[..^"repos".Length]);
        Add("did", string.Join(',', dids.Select(d => d.Value)));
        Add("key", $"{key.Algorithm.Name}:{Convert.ToHexString(key.ExportPrivateKey())}");
        Add("writers", writers);
        Add("ops", ops);
        Add("worker", worker);
        if (crashAt is not null)
        {
            Add("crash-at", crashAt);
            Add("crash-count", crashCount);
        }

        if (maxInlineBlocks is { } inline)
        {
            Add("max-inline-blocks", inline);
        }

        Add("serializer", serializer);
        if (partitions is { } count)
        {
            Add("partitions", count);
        }

        if (visibilitySeconds is { } seconds)
        {
            Add("visibility-seconds", seconds);
        }

        var process = new Process { StartInfo = start };
        var runner = new StressWorkerProcess(process);
        process.OutputDataReceived += (_, e) => runner.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (runner._errors)
                {
                    runner._errors.Add(line);
                }
            }
        };
        process.Exited += (_, _) => runner._firstLine.TrySetResult();
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Waits for the process to exit (killing it after <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The stress worker did not finish within {timeout}: {Errors}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<StressLine>(line);
            if (parsed is not null)
            {
                lock (_lines)
                {
                    _lines.Add(parsed);
                }

                _firstLine.TrySetResult();
            }
        }
        catch (JsonException)
        {
            // A line cut short by a crash: the write it reports was not acknowledged.
        }
    }
}
