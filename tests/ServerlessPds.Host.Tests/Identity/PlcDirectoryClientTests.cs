using System.Text.Json.Nodes;
using ServerlessPds.Host.Identity;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>PlcDirectoryClient and IdentityService against a real PLC directory (@did-plc/server).</summary>
public sealed class PlcDirectoryClientTests : IClassFixture<PlcServerFixture>, IDisposable
{
    private static readonly Uri Pds = new("https://pds.example.com");
    private readonly PlcDirectoryClient _client;
    private readonly IdentityService _service;
    private readonly SigningKey _rotation = SigningKey.Generate(KeyAlgorithm.K256);

    public PlcDirectoryClientTests(PlcServerFixture server)
    {
        _client = new PlcDirectoryClient(server.Http, server.BaseUrl);
        _service = new IdentityService(_client, new NoHandles(), new HandlePolicy([".test"]));
    }

    public static TheoryData<string> Algorithms() => new("k256", "p256");

    public void Dispose() => _rotation.Dispose();

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task CreatePlcDidAsync_RealDirectory_ServesDocumentWithHandleKeyAndEndpoint(string algorithm)
    {
        using var signing = SigningKey.Generate(algorithm == "k256" ? KeyAlgorithm.K256 : KeyAlgorithm.P256);

        var did = await _service.CreatePlcDidAsync(Handle.Parse("alice.test"), signing.PublicKey, _rotation, Pds);
        var document = await _client.GetDocumentAsync(did);

        Assert.True(PlcDid.IsPlc(did));
        Assert.NotNull(document);
        Assert.Equal(did, document.Id);
        Assert.Equal(Handle.Parse("alice.test"), document.Handle);
        Assert.Equal(signing.PublicKey, document.SigningKey);
        Assert.Equal(Pds, document.PdsEndpoint);
    }

    [Fact]
    public async Task UpdateHandleAsync_RealDirectory_ChainsTheAuditLog()
    {
        using var signing = SigningKey.Generate(KeyAlgorithm.K256);
        var did = await _service.CreatePlcDidAsync(Handle.Parse("bob.test"), signing.PublicKey, _rotation, Pds);

        var update = await _service.UpdateHandleAsync(did, Handle.Parse("robert.test"), _rotation);
        var log = await _client.GetAuditLogAsync(did);
        var last = await _client.GetLastOperationAsync(did);
        var document = await _client.GetDocumentAsync(did);

        Assert.Equal(2, log.Count);
        Assert.All(log, e => Assert.Equal(did, e.Did));
        Assert.All(log, e => Assert.False(e.Nullified));
        Assert.All(log, e => Assert.Equal(_rotation.PublicKey.ToDidKey(), e.Operation.FindSigner([_rotation.PublicKey.ToDidKey()])));
        Assert.Null(log[0].Operation.Prev);
        Assert.Equal(did, PlcDid.FromGenesis((PlcOperation)log[0].Operation));
        Assert.Equal(log[0].Cid.ToString(), log[1].Operation.Prev);
        Assert.Equal(update.Cid, log[1].Cid);
        Assert.Equal(update.Cid, last!.Cid);
        Assert.Equal(Handle.Parse("robert.test"), document!.Handle);
        Assert.Equal(signing.PublicKey, document.SigningKey);
    }

    [Fact]
    public async Task SubmitAsync_TamperedGenesisSignature_IsRejected()
    {
        var genesis = await PlcOperation.CreateAtproto(Handle.Parse("carol.test"), _rotation.PublicKey, [_rotation.PublicKey], Pds).SignAsync(_rotation);
        var tampered = (PlcOperation)Tamper(genesis);
        var did = PlcDid.FromGenesis(tampered);

        var e = await Assert.ThrowsAsync<PlcDirectoryException>(() => _client.SubmitAsync(did, tampered));

        Assert.True(e.IsRejection, e.Message);
        Assert.Equal(400, e.Status);
        Assert.Contains("signature", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await _client.GetDocumentAsync(did));
    }

    [Fact]
    public async Task SubmitAsync_TamperedOrForeignUpdate_IsRejectedAndLogUnchanged()
    {
        using var signing = SigningKey.Generate(KeyAlgorithm.K256);
        var did = await _service.CreatePlcDidAsync(Handle.Parse("dave.test"), signing.PublicKey, _rotation, Pds);
        var genesis = (PlcOperation)(await _client.GetLastOperationAsync(did))!;
        var next = genesis.NextWithHandle(Handle.Parse("mallory.test"));

        var tampered = await Assert.ThrowsAsync<PlcDirectoryException>(async () => await _client.SubmitAsync(did, Tamper(await next.SignAsync(_rotation))));
        var foreign = await Assert.ThrowsAsync<PlcDirectoryException>(async () => await _client.SubmitAsync(did, await next.SignAsync(signing)));

        Assert.True(tampered.IsRejection);
        Assert.True(foreign.IsRejection);
        Assert.Single(await _client.GetAuditLogAsync(did));
        Assert.Equal(Handle.Parse("dave.test"), (await _client.GetDocumentAsync(did))!.Handle);
    }

    [Fact]
    public async Task SubmitAsync_Tombstone_RemovesTheDocument()
    {
        using var signing = SigningKey.Generate(KeyAlgorithm.K256);
        var did = await _service.CreatePlcDidAsync(Handle.Parse("erin.test"), signing.PublicKey, _rotation, Pds);
        var last = (await _client.GetLastOperationAsync(did))!;

        await _client.SubmitAsync(did, await PlcTombstone.Create(last.Cid).SignAsync(_rotation));

        Assert.Null(await _client.GetDocumentAsync(did));
        Assert.IsType<PlcTombstone>(await _client.GetLastOperationAsync(did));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _service.UpdateHandleAsync(did, Handle.Parse("frank.test"), _rotation));
    }

    [Fact]
    public async Task Get_UnknownDid_IsNullOrEmpty()
    {
        var did = Did.Parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");

        Assert.Null(await _client.GetDocumentAsync(did));
        Assert.Null(await _client.GetLastOperationAsync(did));
        Assert.Empty(await _client.GetAuditLogAsync(did));
    }

    [Fact]
    public async Task Get_UnreachableDirectory_ThrowsPlcDirectoryExceptionWithoutStatus()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var client = new PlcDirectoryClient(http, new Uri("http://127.0.0.1:1"));

        var e = await Assert.ThrowsAsync<PlcDirectoryException>(() => client.GetDocumentAsync(Did.Parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")));

        Assert.Null(e.Status);
        Assert.False(e.IsRejection);
    }

    private static PlcLogOperation Tamper(PlcLogOperation operation)
    {
        var json = JsonNode.Parse(operation.ToJson())!.AsObject();
        var sig = json["sig"]!.GetValue<string>();
        json["sig"] = sig[..10] + (sig[10] == 'A' ? 'B' : 'A') + sig[11..];
        return PlcLogOperation.Parse(json.ToJsonString());
    }

    private sealed class NoHandles : IHandleResolver
    {
        public Task<Did?> ResolveAsync(Handle handle, CancellationToken cancellationToken = default) => Task.FromResult<Did?>(null);
    }
}
