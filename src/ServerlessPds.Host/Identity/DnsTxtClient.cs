using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessPds.Host.Identity;

/// <summary>
/// A minimal DNS stub resolver for TXT records: one UDP query (recursion desired, no EDNS) per configured server,
/// tried in order, each with a timeout. Enough for <c>_atproto.&lt;handle&gt;</c> lookups; it does not validate
/// DNSSEC and does not retry over TCP when an answer is truncated (such an answer counts as a failure).
/// </summary>
/// <remarks>Spec: RFC 1035 (message format, sections 4.1 and 3.3.14 TXT), atproto.com/specs/handle ("DNS TXT Method").</remarks>
internal sealed class DnsTxtClient
{
    /// <summary>The largest UDP answer read, in bytes (512 without EDNS; a little more is tolerated).</summary>
    public const int MaxUdpMessageBytes = 1232;

    /// <summary>The DNS port.</summary>
    public const int DnsPort = 53;

    private const ushort TxtType = 16;
    private const ushort InternetClass = 1;
    private const int HeaderBytes = 12;
    private const int MaxNameBytes = 255;

    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly TimeSpan _timeout;

    public DnsTxtClient(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout)
    {
        _servers = servers;
        _timeout = timeout;
    }

    /// <summary>The outcome of parsing one answer.</summary>
    public enum Outcome
    {
        /// <summary>The answer is valid; its TXT records (possibly none) were read.</summary>
        Answer,

        /// <summary>The name does not exist (NXDOMAIN): a definite, empty answer.</summary>
        NameError,

        /// <summary>The server failed, refused, truncated, or the message is malformed or not ours.</summary>
        Failure,
    }

    /// <summary>Reads the <c>nameserver</c> lines of a resolv.conf file.</summary>
    /// <returns>The servers on port 53, in file order; empty when the file is missing or has none.</returns>
    public static IReadOnlyList<IPEndPoint> ReadResolvConf(string path = "/etc/resolv.conf")
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var servers = new List<IPEndPoint>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1].Split('%')[0], out var address))
            {
                servers.Add(new IPEndPoint(address, DnsPort));
            }
        }

        return servers;
    }

    /// <summary>Builds a TXT query for <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">A label is empty, longer than 63 bytes or not ASCII, or the name is too long.</exception>
    public static byte[] BuildQuery(ushort id, string name)
    {
        var message = new List<byte>(HeaderBytes + name.Length + 6);
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 0x0100); // standard query, recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1); // one question
        message.AddRange(header);
        var nameBytes = 1;
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            if (label.Length is 0 or > 63 || !Ascii.IsValid(label))
            {
                throw new ArgumentException($"'{name}' is not a DNS name of ASCII labels of 1-63 characters.", nameof(name));
            }

            nameBytes += 1 + label.Length;
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        if (nameBytes > MaxNameBytes)
        {
            throw new ArgumentException($"'{name}' is longer than {MaxNameBytes} bytes.", nameof(name));
        }

        message.Add(0);
        message.AddRange([0, (byte)TxtType, 0, (byte)InternetClass]);
        return [.. message];
    }

    /// <summary>Parses the answer to a query with id <paramref name="id"/>, collecting TXT records (each record's strings joined).</summary>
    /// <remarks>Never throws: malformed input is <see cref="Outcome.Failure"/>. All reads are bounds-checked.</remarks>
    public static Outcome ParseTxtAnswer(ReadOnlySpan<byte> message, ushort id, List<string> records)
    {
        if (message.Length < HeaderBytes || BinaryPrimitives.ReadUInt16BigEndian(message) != id)
        {
            return Outcome.Failure;
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var isResponse = (flags & 0x8000) != 0;
        var truncated = (flags & 0x0200) != 0;
        var rcode = flags & 0x000F;
        if (!isResponse || truncated)
        {
            return Outcome.Failure;
        }

        if (rcode == 3)
        {
            return Outcome.NameError;
        }

        if (rcode != 0)
        {
            return Outcome.Failure;
        }

        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = HeaderBytes;
        for (var i = 0; i < questions; i++)
        {
            if (!TrySkipName(message, ref offset) || !TryAdvance(message, ref offset, 4))
            {
                return Outcome.Failure;
            }
        }

        var found = new List<string>();
        for (var i = 0; i < answers; i++)
        {
            if (!TrySkipName(message, ref offset) || offset + 10 > message.Length)
            {
                return Outcome.Failure;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            if (offset + length > message.Length)
            {
                return Outcome.Failure;
            }

            if (type == TxtType && @class == InternetClass)
            {
                if (!TryReadTxt(message.Slice(offset, length), out var text))
                {
                    return Outcome.Failure;
                }

                found.Add(text);
            }

            offset += length;
        }

        records.AddRange(found);
        return Outcome.Answer;
    }

    /// <summary>Looks up the TXT records of <paramref name="name"/>.</summary>
    /// <returns>The records (empty for NXDOMAIN or no TXT), or <see langword="null"/> when no server gave a usable answer.</returns>
    public async Task<IReadOnlyList<string>?> QueryTxtAsync(string name, CancellationToken cancellationToken)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = BuildQuery(id, name);
        var buffer = new byte[MaxUdpMessageBytes];
        foreach (var server in _servers)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                await socket.ConnectAsync(server, timeout.Token).ConfigureAwait(false);
                await socket.SendAsync(query, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    var records = new List<string>();
                    var outcome = ParseTxtAnswer(buffer.AsSpan(0, received), id, records);
                    if (outcome == Outcome.Failure && received >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) != id)
                    {
                        continue; // a stray datagram: keep waiting for ours until the timeout
                    }

                    if (outcome != Outcome.Failure)
                    {
                        return records;
                    }

                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // this server timed out: try the next one
            }
            catch (SocketException)
            {
                // this server is unreachable: try the next one
            }
        }

        return null;
    }

    private static bool TryAdvance(ReadOnlySpan<byte> message, ref int offset, int count)
    {
        if (offset + count > message.Length)
        {
            return false;
        }

        offset += count;
        return true;
    }

    /// <summary>Skips a (possibly compressed) name at <paramref name="offset"/>; compression pointers end the name in place.</summary>
    private static bool TrySkipName(ReadOnlySpan<byte> message, ref int offset)
    {
        for (var labels = 0; labels <= MaxNameBytes; labels++)
        {
            if (offset >= message.Length)
            {
                return false;
            }

            var length = message[offset];
            if ((length & 0xC0) == 0xC0)
            {
                return TryAdvance(message, ref offset, 2);
            }

            if ((length & 0xC0) != 0)
            {
                return false;
            }

            offset++;
            if (length == 0)
            {
                return true;
            }

            if (!TryAdvance(message, ref offset, length))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Joins the character-strings of a TXT RDATA (each a length byte and that many bytes).</summary>
    private static bool TryReadTxt(ReadOnlySpan<byte> data, out string text)
    {
        var builder = new StringBuilder(data.Length);
        var offset = 0;
        while (offset < data.Length)
        {
            var length = data[offset++];
            if (offset + length > data.Length)
            {
                text = string.Empty;
                return false;
            }

            builder.Append(Encoding.UTF8.GetString(data.Slice(offset, length)));
            offset += length;
        }

        text = builder.ToString();
        return true;
    }
}
