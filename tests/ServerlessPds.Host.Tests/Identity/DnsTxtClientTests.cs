using System.Net;
using ServerlessPds.Host.Identity;

namespace ServerlessPds.Host.Tests.Identity;

public class DnsTxtClientTests
{
    private const ushort Id = 0x1234;

    [Fact]
    public void ParseTxtAnswer_BuiltAnswer_ReadsJoinedStrings()
    {
        var query = DnsTxtClient.BuildQuery(Id, "_atproto.alice.example.com");
        var answer = FakeDnsServer.BuildResponse(query, [["did=did:plc:", "abc"], ["other"]]);
        var records = new List<string>();

        var outcome = DnsTxtClient.ParseTxtAnswer(answer, Id, records);

        Assert.Equal("_atproto.alice.example.com", FakeDnsServer.QuestionName(query));
        Assert.Equal(DnsTxtClient.Outcome.Answer, outcome);
        Assert.Equal(["did=did:plc:abc", "other"], records);
    }

    public static TheoryData<string, byte[], string> Answers()
    {
        var query = DnsTxtClient.BuildQuery(Id, "_atproto.alice.example.com");
        var good = FakeDnsServer.BuildResponse(query, [["did=did:plc:abc"]]);
        var notResponse = (byte[])good.Clone();
        notResponse[2] &= 0x7F;
        var badLabel = (byte[])good.Clone();
        badLabel[12] = 0x80;
        var longRdata = (byte[])good.Clone();
        longRdata[^("did=did:plc:abc".Length + 3)] = 0xFF;
        var badString = (byte[])good.Clone();
        badString[^("did=did:plc:abc".Length + 1)] = 200;
        return new()
        {
            { "answer", good, "Answer" },
            { "no records", FakeDnsServer.BuildResponse(query, []), "Answer" },
            { "nxdomain", FakeDnsServer.BuildResponse(query, null), "NameError" },
            { "servfail", FakeDnsServer.BuildResponse(query, [], rcode: 2), "Failure" },
            { "truncated", FakeDnsServer.BuildResponse(query, [["x"]], extraFlags: 0x0200), "Failure" },
            { "other id", FakeDnsServer.BuildResponse(query, [["x"]], id: Id + 1), "Failure" },
            { "a query, not a response", notResponse, "Failure" },
            { "reserved label bits", badLabel, "Failure" },
            { "rdata past the end", longRdata, "Failure" },
            { "string past the rdata", badString, "Failure" },
            { "cut short", good[..^5], "Failure" },
            { "header only", good[..12], "Failure" },
            { "empty", [], "Failure" },
        };
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void ParseTxtAnswer_Message_GivesOutcome(string why, byte[] message, string expected)
    {
        var records = new List<string>();

        var outcome = DnsTxtClient.ParseTxtAnswer(message, Id, records);

        Assert.True(expected == outcome.ToString(), $"{why}: {outcome}");
        if (outcome != DnsTxtClient.Outcome.Answer)
        {
            Assert.Empty(records);
        }
    }

    [Fact]
    public void ParseTxtAnswer_RandomAndMutatedBytes_NeverThrows()
    {
        var random = new Random(20261122);
        var query = DnsTxtClient.BuildQuery(Id, "_atproto.alice.example.com");
        var good = FakeDnsServer.BuildResponse(query, [["did=did:plc:abc", "def"], ["v=1"]]);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] message;
            if (i % 2 == 0)
            {
                message = new byte[random.Next(0, 80)];
                random.NextBytes(message);
                if (message.Length >= 2)
                {
                    message[0] = Id >> 8;
                    message[1] = Id & 0xFF;
                }
            }
            else
            {
                message = (byte[])good.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    message[random.Next(2, message.Length)] = (byte)random.Next(256);
                }

                message = message[..random.Next(0, message.Length + 1)];
            }

            var records = new List<string>();
            _ = DnsTxtClient.ParseTxtAnswer(message, Id, records);
            Assert.True(records.Count <= message.Length);
        }
    }

    [Fact]
    public void BuildQuery_BadNames_Throw()
    {
        Assert.Throws<ArgumentException>(() => DnsTxtClient.BuildQuery(Id, "a..b"));
        Assert.Throws<ArgumentException>(() => DnsTxtClient.BuildQuery(Id, new string('a', 64) + ".com"));
        Assert.Throws<ArgumentException>(() => DnsTxtClient.BuildQuery(Id, string.Join('.', Enumerable.Repeat(new string('a', 60), 5))));
        Assert.Throws<ArgumentException>(() => DnsTxtClient.BuildQuery(Id, "ä.example"));
    }

    [Fact]
    public void ReadResolvConf_File_ReadsNameserverLines()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# comment", "search example.com", "nameserver 10.0.0.2", "nameserver\t::1", "nameserver fe80::1%eth0", "nameserver not-an-ip", "options ndots:1"]);

            var servers = DnsTxtClient.ReadResolvConf(path);

            Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.0.2"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 53), new IPEndPoint(IPAddress.Parse("fe80::1"), 53)], servers);
            Assert.Empty(DnsTxtClient.ReadResolvConf(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
