using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ServerlessPds.Testing.Fuzz;

/// <summary>A route to fuzz: the HTTP methods it accepts and a concrete path (no route parameters).</summary>
public sealed record FuzzRoute(string Path, IReadOnlyList<string> Methods);

/// <summary>What a fuzz run saw: requests sent, statuses, answers that broke the rules, and peak memory.</summary>
public sealed class HttpFuzzResult
{
    public long Sent { get; set; }

    public SortedDictionary<int, long> Statuses { get; } = [];

    public long ServerErrors { get; set; }

    public List<string> Violations { get; } = [];

    public long PeakHeapBytes { get; set; }

    public long PeakWorkingSetBytes { get; set; }
}

/// <summary>
/// Sends hostile requests to every route of a server over real sockets (issue 15): malformed JSON, invalid UTF-8, lone
/// surrogates, wrong content types, a lying Content-Length, undecodable, truncated and bomb compressed bodies, oversized
/// bodies, and invalid UTF-8 in query strings. Rules: no 5xx (but 501 <c>MethodNotImplemented</c> for an unknown NSID, as the spec says); every POST answers 4xx with an XRPC <c>error</c> name
/// (uploadBlob may also take the bytes as a blob); memory is sampled after each request (the server runs in this process).
/// </summary>
public static class HttpFuzzer
{
    private const int Kinds = 10;
    private static readonly Lazy<byte[]> Bomb = new(() => Compress(o =>
    {
        var zeros = new byte[1 << 20];
        for (var i = 0; i < 1024; i++)
        {
            o.Write(zeros);
        }
    }));

    /// <summary>Runs <paramref name="iterations"/> rounds; each round sends every kind of bad request to every route.</summary>
    public static async Task<HttpFuzzResult> RunAsync(HttpClient client, IReadOnlyList<FuzzRoute> routes, string? token, int iterations, int seed)
    {
        var random = new Random(seed);
        var result = new HttpFuzzResult();
        for (var round = 0; round < iterations; round++)
        {
            foreach (var route in routes)
            {
                foreach (var method in route.Methods)
                {
                    for (var kind = 0; kind < Kinds; kind++)
                    {
                        if (kind == 7 && round % 4 != 0)
                        {
                            continue; // bombs are the slow case: every fourth round
                        }

                        var (status, body) = kind == 5
                            ? await SendLyingLengthAsync(client.BaseAddress!, method, route.Path)
                            : await SendAsync(client, method, route.Path, kind, random, token);
                        Record(result, route, method, kind, status, body);
                    }
                }
            }
        }

        return result;
    }

    private static void Record(HttpFuzzResult result, FuzzRoute route, string method, int kind, int status, string body)
    {
        result.Sent++;
        result.Statuses[status] = result.Statuses.GetValueOrDefault(status) + 1;
        result.PeakHeapBytes = Math.Max(result.PeakHeapBytes, GC.GetTotalMemory(false));
        result.PeakWorkingSetBytes = Math.Max(result.PeakWorkingSetBytes, Environment.WorkingSet);
        var where = $"{method} {route.Path} kind {kind}: {status} {Truncate(body)}";
        // An unknown NSID is forwarded to the AppView; with none reachable (tests have no network) the proxy answers
        // 502 UpstreamFailure, as the reference PDS does.
        if ((status == 501 && ErrorName(body) == "MethodNotImplemented") || (status == 502 && ErrorName(body) == "UpstreamFailure"))
        {
            return;
        }

        if (status >= 500)
        {
            result.ServerErrors++;
            result.Violations.Add(where);
            return;
        }

        if (method != "POST" || status == 0)
        {
            return; // queries may answer 200 to a body they ignore; 0 = connection closed without an answer (lying length)
        }

        var blob = route.Path.EndsWith("uploadBlob", StringComparison.Ordinal) && status == 200;
        if (!blob && (status is < 400 or >= 500 || ErrorName(body) is null))
        {
            result.Violations.Add(where);
        }
    }

    private static string? ErrorName(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, string method, string path, int kind, Random random, string? token)
    {
        var query = kind == 9 ? "?did=%ED%A0%80&repo=%FF%FE&cid=%C3%28&collection=a%00b&rkey=..&cursor=%F0%28%8C%BC&limit=-1" : "";
        using var request = new HttpRequestMessage(new HttpMethod(method), path + query);
        if (token is not null && random.Next(2) == 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (method != "GET" && method != "HEAD")
        {
            request.Content = Body(kind, random);
        }

        try
        {
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
    }

    private static ByteArrayContent Body(int kind, Random random)
    {
        const string Record = """{"repo":"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa","collection":"com.example.x","rkey":"r","record":{"text":"A"},"identifier":"A","password":"A"}""";
        byte[] bytes = kind switch
        {
            0 => Encoding.UTF8.GetBytes(Record[..random.Next(1, Record.Length - 1)]),
            1 => [.. Encoding.UTF8.GetBytes(Record.Replace("A", "", StringComparison.Ordinal)[..20]), 0xff, 0xfe, 0xc3, 0x28, .. Encoding.UTF8.GetBytes("\"}")],
            2 => Encoding.UTF8.GetBytes(Record.Replace("A", "\\ud800", StringComparison.Ordinal)),
            3 => Encoding.UTF8.GetBytes(Record),
            4 => RandomBytes(random, 64),
            6 => Compress(o => o.Write(Encoding.UTF8.GetBytes(Record)))[..^6],
            7 => Bomb.Value,
            8 => Encoding.UTF8.GetBytes("{\"text\":\"" + new string('a', 2 * 1024 * 1024) + "\"}"),
            _ => Encoding.UTF8.GetBytes(Record),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(kind == 3 ? "text/plain" : "application/json");
        if (kind is 4 or 6 or 7)
        {
            content.Headers.ContentEncoding.Add(kind == 4 ? new[] { "gzip", "br", "deflate" }[random.Next(3)] : "gzip");
        }

        return content;
    }

    /// <summary>Declares 1,000 bytes, sends 20 and half-closes: the server must answer 4xx or close, never 5xx.</summary>
    private static async Task<(int Status, string Body)> SendLyingLengthAsync(Uri server, string method, string path)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port);
        var stream = socket.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{{\"repo\":\"did:plc:aa";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        socket.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string text;
        try
        {
            text = await reader.ReadToEndAsync(timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return (0, e.Message);
        }

        var parts = text.Split(' ', 3);
        var status = parts.Length > 1 && int.TryParse(parts[1], out var s) ? s : 0;
        var bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var json = bodyAt < 0 ? -1 : text.IndexOf('{', bodyAt);
        var end = text.LastIndexOf('}');
        return (status, json < 0 || end < json ? "" : text[json..(end + 1)]);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Compress(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            write(gzip);
        }

        return buffer.ToArray();
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];

    /// <summary>Prints a run's figures.</summary>
    public static void Print(HttpFuzzResult result, TextWriter output, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"http-fuzz: {result.Sent:N0} requests in {elapsed.TotalSeconds:F1} s");
        output.WriteLine($"statuses: {string.Join(", ", result.Statuses.Select(p => $"{(p.Key == 0 ? "closed" : p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))} x{p.Value:N0}"))}");
        output.WriteLine($"5xx: {result.ServerErrors:N0}; rule violations: {result.Violations.Count:N0}");
        output.WriteLine($"peak managed heap {result.PeakHeapBytes / (1024.0 * 1024):F0} MiB, peak working set {result.PeakWorkingSetBytes / (1024.0 * 1024):F0} MiB");
        foreach (var violation in result.Violations.Take(20))
        {
            output.WriteLine("  " + violation);
        }
    }
}
