using System.Text.Json.Nodes;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Testing;

namespace ServerlessPds.Pds.Tests.Identity;

public sealed class IdentityServiceTests : IDisposable
{
    private static readonly Uri Pds = new("https://pds.example.com");
    private readonly InMemoryPlcDirectory _directory = new();
    private readonly FakeHandleResolver _resolver = new();
    private readonly SigningKey _rotation = SigningKey.Generate(KeyAlgorithm.K256);
    private readonly SigningKey _signing = SigningKey.Generate(KeyAlgorithm.K256);
    private readonly IdentityService _service;

    public IdentityServiceTests()
    {
        _service = new IdentityService(_directory, _resolver, new HandlePolicy([".test"]));
    }

    public void Dispose()
    {
        _rotation.Dispose();
        _signing.Dispose();
    }

    [Fact]
    public async Task CreatePlcDidAsync_NewAccount_RegistersGenesisWithHandleKeyAndEndpoint()
    {
        using var recovery = SigningKey.Generate(KeyAlgorithm.P256);

        var did = await _service.CreatePlcDidAsync(Handle.Parse("alice.test"), _signing.PublicKey, _rotation, Pds, [recovery.PublicKey]);

        Assert.True(PlcDid.IsPlc(did));
        var genesis = Assert.IsType<PlcOperation>(Assert.Single(_directory.Log(did)));
        Assert.Equal(did, PlcDid.FromGenesis(genesis));
        Assert.Equal([recovery.PublicKey.ToDidKey(), _rotation.PublicKey.ToDidKey()], genesis.RotationKeys);
        Assert.True(genesis.Verify(_rotation.PublicKey));
        var document = await _directory.GetDocumentAsync(did);
        Assert.Equal(Handle.Parse("alice.test"), document!.Handle);
        Assert.Equal(_signing.PublicKey, document.SigningKey);
        Assert.Equal(Pds, document.PdsEndpoint);
    }

    [Fact]
    public async Task UpdateHandleAsync_RegisteredDid_AppendsSignedOperationAfterLast()
    {
        var did = await _service.CreatePlcDidAsync(Handle.Parse("alice.test"), _signing.PublicKey, _rotation, Pds);
        var genesis = _directory.Log(did)[0];

        var update = await _service.UpdateHandleAsync(did, Handle.Parse("alice2.test"), _rotation);
        var unchanged = await _service.UpdateHandleAsync(did, Handle.Parse("alice2.test"), _rotation);

        Assert.Equal(genesis.Cid.ToString(), update.Prev);
        Assert.Same(update, unchanged);
        Assert.Equal(2, _directory.Log(did).Count);
        Assert.Equal(Handle.Parse("alice2.test"), (await _directory.GetDocumentAsync(did))!.Handle);
        Assert.Equal(_signing.PublicKey, (await _directory.GetDocumentAsync(did))!.SigningKey);
    }

    [Fact]
    public async Task UpdateHandleAsync_KeyNotARotationKey_ThrowsBeforeSubmitting()
    {
        var did = await _service.CreatePlcDidAsync(Handle.Parse("alice.test"), _signing.PublicKey, _rotation, Pds);
        var submissions = _directory.Submissions;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _service.UpdateHandleAsync(did, Handle.Parse("bob.test"), _signing));

        Assert.Equal(submissions, _directory.Submissions);
    }

    [Fact]
    public async Task UpdateHandleAsync_UnknownOrTombstonedDid_ThrowsInvalidOperation()
    {
        var did = await _service.CreatePlcDidAsync(Handle.Parse("alice.test"), _signing.PublicKey, _rotation, Pds);
        var tombstone = await PlcTombstone.Create(_directory.Log(did)[^1].Cid).SignAsync(_rotation);
        await _directory.SubmitAsync(did, tombstone);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _service.UpdateHandleAsync(did, Handle.Parse("bob.test"), _rotation));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _service.UpdateHandleAsync(Did.Parse("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), Handle.Parse("bob.test"), _rotation));
    }

    [Fact]
    public async Task UpdateHandleAsync_DirectoryRejects_PropagatesPlcDirectoryException()
    {
        var did = await _service.CreatePlcDidAsync(Handle.Parse("alice.test"), _signing.PublicKey, _rotation, Pds);
        var rejecting = new IdentityService(new RejectingDirectory(_directory), _resolver, _service.HandlePolicy);

        var e = await Assert.ThrowsAsync<PlcDirectoryException>(() => rejecting.UpdateHandleAsync(did, Handle.Parse("bob.test"), _rotation));

        Assert.True(e.IsRejection);
    }

    [Fact]
    public void GetRecommendedDidCredentials_PlcAndWeb_HaveLexiconShape()
    {
        var plc = JsonNode.Parse(_service.GetRecommendedDidCredentials(
            Did.Parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz"), Handle.Parse("alice.test"), _signing.PublicKey, [_rotation.PublicKey], Pds).ToJson())!;
        var web = JsonNode.Parse(_service.GetRecommendedDidCredentials(
            Did.Parse("did:web:alice.example.com"), Handle.Parse("alice.example.com"), _signing.PublicKey, [_rotation.PublicKey], Pds).ToJson())!;

        Assert.Equal(_rotation.PublicKey.ToDidKey(), (string?)plc["rotationKeys"]![0]);
        Assert.Single(plc["rotationKeys"]!.AsArray());
        Assert.Equal("at://alice.test", (string?)plc["alsoKnownAs"]![0]);
        Assert.Equal(_signing.PublicKey.ToDidKey(), (string?)plc["verificationMethods"]!["atproto"]);
        Assert.Equal("AtprotoPersonalDataServer", (string?)plc["services"]!["atproto_pds"]!["type"]);
        Assert.Equal("https://pds.example.com", (string?)plc["services"]!["atproto_pds"]!["endpoint"]);
        Assert.Null(web["rotationKeys"]);
        Assert.Equal("at://alice.example.com", (string?)web["alsoKnownAs"]![0]);
    }

    [Fact]
    public void CreateDidWebDocument_DidWeb_BuildsDocumentAndRejectsOtherDids()
    {
        var did = Did.Parse("did:web:alice.example.com");

        var document = DidDocument.Parse(_service.CreateDidWebDocument(did, Handle.Parse("alice.example.com"), _signing.PublicKey, Pds).ToJson());

        Assert.Equal(did, document.Id);
        Assert.Equal(Handle.Parse("alice.example.com"), document.Handle);
        Assert.Equal(_signing.PublicKey, document.SigningKey);
        Assert.Equal(Pds, document.PdsEndpoint);
        Assert.Throws<ArgumentException>(() => _service.CreateDidWebDocument(Did.Parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz"), null, _signing.PublicKey, Pds));
        Assert.Throws<ArgumentException>(() => _service.CreateDidWebDocument(Did.Parse("did:web:example.com:u:alice"), null, _signing.PublicKey, Pds));
    }

    public static TheoryData<string, string?, string?, string?> HandleChecks() => new()
    {
        { "alice.test", null, null, null },
        { "ALICE.test", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", null, null },
        { "admin.test", null, null, "HandleNotAvailable" },
        { "alice.example.com", null, null, "UnsupportedDomain" },
        { "alice.example.com", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", null },
        { "alice.example.com", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "InvalidHandle" },
        { "alice.example.com", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", null, "InvalidHandle" },
        { "alice.local", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "InvalidHandle" },
    };

    [Theory]
    [MemberData(nameof(HandleChecks))]
    public async Task ValidateHandleAsync_Handle_AcceptsOrNamesTheError(string handle, string? did, string? resolvesTo, string? error)
    {
        if (resolvesTo is not null)
        {
            _resolver.Records[handle.ToLowerInvariant()] = Did.Parse(resolvesTo);
        }

        var account = did is null ? null : Did.Parse(did);
        if (error is null)
        {
            Assert.Equal(handle.ToLowerInvariant(), (await _service.ValidateHandleAsync(handle, account)).Value);
        }
        else
        {
            Assert.Equal(error, (await Assert.ThrowsAsync<XrpcException>(() => _service.ValidateHandleAsync(handle, account))).Error.Value);
        }
    }

    private sealed class FakeHandleResolver : IHandleResolver
    {
        public Dictionary<string, Did> Records { get; } = new(StringComparer.Ordinal);

        public Task<Did?> ResolveAsync(Handle handle, CancellationToken cancellationToken = default) =>
            Task.FromResult(Records.GetValueOrDefault(handle.Value));
    }

    private sealed class RejectingDirectory(IPlcDirectory inner) : IPlcDirectory
    {
        public Task SubmitAsync(Did did, PlcLogOperation operation, CancellationToken cancellationToken = default) =>
            throw new PlcDirectoryException("Invalid signature on op", 400);

        public Task<DidDocument?> GetDocumentAsync(Did did, CancellationToken cancellationToken = default) => inner.GetDocumentAsync(did, cancellationToken);

        public Task<PlcLogOperation?> GetLastOperationAsync(Did did, CancellationToken cancellationToken = default) => inner.GetLastOperationAsync(did, cancellationToken);

        public Task<IReadOnlyList<PlcAuditEntry>> GetAuditLogAsync(Did did, CancellationToken cancellationToken = default) => inner.GetAuditLogAsync(did, cancellationToken);
    }
}
