using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>A UDP DNS server on loopback that answers TXT questions from a table (RFC 1035 messages, built by hand).</summary>
internal sealed class FakeDnsServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeDnsServer()
    {
        _loop = Task.Run(ServeAsync);
    }

    public enum Behavior
    {
        Answer,
        Silent,
        WrongIdThenAnswer,
        Truncated,
        ServerFailure,
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>Gets the TXT records per name (each record a list of character-strings). A name absent from the table is NXDOMAIN.</summary>
    public ConcurrentDictionary<string, string[][]> Records { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, Behavior> Behaviors { get; } = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConcurrentDictionary<string, bool> _strayed = new(StringComparer.OrdinalIgnoreCase);
    private int _queries;

    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Builds the answer to <paramref name="query"/> with TXT records (null for NXDOMAIN).</summary>
    public static byte[] BuildResponse(ReadOnlySpan<byte> query, string[][]? records, ushort? id = null, ushort extraFlags = 0, ushort rcode = 0)
    {
        var questionEnd = 12;
        while (query[questionEnd] != 0)
        {
            questionEnd += query[questionEnd] + 1;
        }

        questionEnd += 5;
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id ?? BinaryPrimitives.ReadUInt16BigEndian(query));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(0x8180 | extraFlags | (records is null ? 3 : rcode)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)(records?.Length ?? 0));
        message.AddRange(header);
        message.AddRange(query[12..questionEnd].ToArray());
        foreach (var record in records ?? [])
        {
            var data = new List<byte>();
            foreach (var text in record)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                data.Add((byte)bytes.Length);
                data.AddRange(bytes);
            }

            message.AddRange([0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 1, 44, (byte)(data.Count >> 8), (byte)data.Count]);
            message.AddRange(data);
        }

        return [.. message];
    }

    public static string QuestionName(ReadOnlySpan<byte> query)
    {
        var labels = new List<string>();
        var offset = 12;
        while (query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query.Slice(offset + 1, query[offset])));
            offset += query[offset] + 1;
        }

        return string.Join('.', labels);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _queries);
            var query = request.Buffer;
            var name = QuestionName(query);
            var records = Records.TryGetValue(name, out var found) ? found : null;
            var reply = Behaviors.GetValueOrDefault(name) switch
            {
                Behavior.Silent => null,
                Behavior.Truncated => BuildResponse(query, records, extraFlags: 0x0200),
                Behavior.ServerFailure => BuildResponse(query, [], rcode: 2),
                Behavior.WrongIdThenAnswer when _strayed.TryAdd(name, true) => BuildResponse(query, records, id: (ushort)(BinaryPrimitives.ReadUInt16BigEndian(query) ^ 0xFFFF)),
                _ => BuildResponse(query, records),
            };
            if (reply is null)
            {
                continue;
            }

            await _udp.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
            if (Behaviors.GetValueOrDefault(name) == Behavior.WrongIdThenAnswer && BinaryPrimitives.ReadUInt16BigEndian(reply) != BinaryPrimitives.ReadUInt16BigEndian(query))
            {
                await _udp.SendAsync(BuildResponse(query, records), request.RemoteEndPoint, _stop.Token);
            }
        }
    }
}
