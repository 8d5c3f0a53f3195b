using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>
/// An account migrating in (atproto.com/specs/account, "Account Migration"): createAccount with the DID and an
/// inter-service JWT from the old PDS, importRepo, the PLC update, activateAccount, and what the event log shows.
/// The old PDS is played by keys held here and a DID registered in the in-memory PLC directory.
/// </summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private const string CreateAccount = "com.atproto.server.createAccount";
    private readonly PdsApiFactory _pds = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task Migration_CreateImportUpdateDidActivate_AnnouncesOnlyOnActivationAndKeepsTheRecords()
    {
        var old = await RegisterElsewhereAsync();
        var token = await ServiceTokenAsync(old.Signing, old.Did);

        var (status, created) = await CreateMigratingAsync(old.Did, token);

        Assert.True(status == HttpStatusCode.OK, created.ToJsonString());
        Assert.Equal(old.Did.Value, created["did"]!.GetValue<string>());
        var access = created["accessJwt"]!.GetValue<string>();
        Assert.Equal(AccountStatus.Deactivated, (await Accounts.GetAccountAsync(old.Did))!.Status);
        var (_, checkBefore) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: access);
        Assert.Equal((false, false), (checkBefore["activated"]!.GetValue<bool>(), checkBefore["validDid"]!.GetValue<bool>()));

        var (car, dataRoot, records) = await SourceRepoAsync(old.Did, old.Signing, 60);
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(car, access)).StatusCode);
        var head = (await Repos.GetHeadAsync(old.Did))!;
        Assert.Equal(dataRoot, head.DataCid);
        foreach (var (path, cid) in records)
        {
            Assert.Equal(cid, await Repos.GetRecordCidAsync(old.Did, path));
        }

        var (_, credentials) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.getRecommendedDidCredentials", token: access);
        var ourKey = (await _pds.Services.GetRequiredService<IAccountSigners>().GetSignerAsync(old.Did)).PublicKey;
        Assert.Equal(ourKey.ToDidKey(), credentials["verificationMethods"]!["atproto"]!.GetValue<string>());
        var (refusedStatus, refused) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", token: access);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (refusedStatus, refused["error"]!.GetValue<string>()));
        Assert.Empty(await _pds.EventsOfAsync(old.Did.Value));

        await MoveDidHereAsync(old, Handle.Parse("alice.test"), ourKey);
        var beforeActivation = await _pds.LatestSeqAsync();
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", token: access)).Status);

        var events = await _pds.EventsOfAsync(old.Did.Value);
        Assert.Equal(["#account", "#identity", "#sync"], events.Select(e => e.Message.Type));
        Assert.Equal(Enumerable.Range(1, 3).Select(i => beforeActivation + i), events.Select(e => e.Seq));
        Assert.True(((AccountEvent)events[0].Message).Active);
        Assert.Equal("alice.test", ((IdentityEvent)events[1].Message).Handle?.Value);
        var synced = LoggedEvents.CommitOf((SyncEvent)events[2].Message);
        Assert.Equal((head.CommitCid, dataRoot), (synced.Cid, synced.Data));
        Assert.True(synced.Verify(ourKey));
        var (_, checkAfter) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: access);
        Assert.Equal((true, true, head.CommitCid.ToString()), (checkAfter["activated"]!.GetValue<bool>(), checkAfter["validDid"]!.GetValue<bool>(), checkAfter["repoCommit"]!.GetValue<string>()));
        var imported = CarReader.ReadAll(car).Blocks.Select(b => b.Cid).Distinct().Count();
        Assert.Equal((records.Count, imported), (checkAfter["indexedRecords"]!.GetValue<int>(), checkAfter["repoBlocks"]!.GetValue<int>()));
    }

    public static TheoryData<string, HttpStatusCode, string> RefusedTokens() => new()
    {
        { "wrong aud", HttpStatusCode.Unauthorized, "BadJwtAudience" },
        { "wrong lxm", HttpStatusCode.Unauthorized, "BadJwtLexiconMethod" },
        { "no lxm", HttpStatusCode.Unauthorized, "BadJwtLexiconMethod" },
        { "expired", HttpStatusCode.Unauthorized, "JwtExpired" },
        { "bad signature", HttpStatusCode.Unauthorized, "BadJwtSignature" },
        { "DID unknown to PLC", HttpStatusCode.Unauthorized, "AuthenticationRequired" },
        { "token of another DID", HttpStatusCode.Unauthorized, "AuthenticationRequired" },
        { "no token", HttpStatusCode.Unauthorized, "AuthenticationRequired" },
        { "session token", HttpStatusCode.Unauthorized, "BadJwtType" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task CreateAccount_WithDid_RefusedAuth_AnswersReferenceErrorAndCreatesNothing(string why, HttpStatusCode expectedStatus, string expectedError)
    {
        var old = await RegisterElsewhereAsync();
        var other = SigningKey.Generate(KeyAlgorithm.K256);
        var unknown = PlcDid.FromGenesis(await PlcOperation.CreateAtproto(
            Handle.Parse("ghost.example.org"), other.PublicKey, [other.PublicKey], new Uri("https://old-pds.example.org")).SignAsync(other));
        var bob = why == "session token" ? await _pds.CreateAccountAsync("bob") : null;
        var token = why switch
        {
            "wrong aud" => await ServiceTokenAsync(old.Signing, old.Did, audience: "did:web:elsewhere.example.org"),
            "wrong lxm" => await ServiceTokenAsync(old.Signing, old.Did, lxm: "com.atproto.server.getSession"),
            "no lxm" => await ServiceTokenAsync(old.Signing, old.Did, lxm: null),
            "expired" => await ServiceTokenAsync(old.Signing, old.Did, expiresIn: TimeSpan.FromMinutes(-5)),
            "bad signature" => await ServiceTokenAsync(other, old.Did),
            "DID unknown to PLC" => await ServiceTokenAsync(other, unknown),
            "token of another DID" => await ServiceTokenAsync(other, (await RegisterElsewhereAsync(other)).Did),
            "session token" => bob!.AccessJwt,
            _ => null,
        };

        var (status, json) = await CreateMigratingAsync(why == "DID unknown to PLC" ? unknown : old.Did, token);

        Assert.Equal((expectedStatus, expectedError), (status, json["error"]?.GetValue<string>()));
        Assert.Null(await Accounts.GetAccountByHandleAsync(Handle.Parse("alice.test")));
        Assert.Null(await Accounts.GetAccountAsync(old.Did));
        Assert.Null(await Repos.GetHeadAsync(old.Did));
        Assert.Empty(await _pds.EventsOfAsync(old.Did.Value));
    }

    [Fact]
    public async Task CreateAccount_DidAlreadyHostedHere_AlreadyExistsAndNothingChanges()
    {
        var old = await RegisterElsewhereAsync();
        Assert.Equal(HttpStatusCode.OK, (await CreateMigratingAsync(old.Did, await ServiceTokenAsync(old.Signing, old.Did))).Status);
        var head = await Repos.GetHeadAsync(old.Did);

        var (status, json) = await CreateMigratingAsync(old.Did, await ServiceTokenAsync(old.Signing, old.Did), "alice2");

        Assert.Equal((HttpStatusCode.BadRequest, "AlreadyExists"), (status, json["error"]!.GetValue<string>()));
        Assert.Null(await Accounts.GetAccountByHandleAsync(Handle.Parse("alice2.test")));
        Assert.Equal(head, await Repos.GetHeadAsync(old.Did));
    }

    [Fact]
    public async Task ImportRepo_ForgedOrForeignCar_RefusedAndTheRepoUnchanged()
    {
        var old = await RegisterElsewhereAsync();
        var (_, created) = await CreateMigratingAsync(old.Did, await ServiceTokenAsync(old.Signing, old.Did));
        var access = created["accessJwt"]!.GetValue<string>();
        var head = await Repos.GetHeadAsync(old.Did);
        var forged = (await SourceRepoAsync(old.Did, SigningKey.Generate(KeyAlgorithm.P256), 3)).Car;
        var foreign = (await SourceRepoAsync((await RegisterElsewhereAsync()).Did, old.Signing, 3)).Car;

        using var forgedResponse = await ImportAsync(forged, access);
        using var foreignResponse = await ImportAsync(foreign, access);
        using var garbageResponse = await ImportAsync([1, 2, 3], access);
        using var anonymousResponse = await ImportAsync(forged, null);

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized],
            new[] { forgedResponse, foreignResponse, garbageResponse, anonymousResponse }.Select(r => r.StatusCode));
        Assert.Equal(head, await Repos.GetHeadAsync(old.Did));
    }

    [Fact]
    public async Task ImportRepo_ReferenceRepoCarFromAtprotoRepo_RecordsAndMstEqualTheSource()
    {
        var directory = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "reference-repo");
        using var fixture = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "repo.json")));
        var did = Did.Parse(fixture.RootElement.GetProperty("did").GetString()!);
        var sourceKey = PublicKey.FromDidKey(fixture.RootElement.GetProperty("signingKey").GetString()!);
        var account = await StoreMigratingAccountAsync(did);
        var importer = new RepoImporter(
            _pds.Services.GetRequiredService<RepoWriter>(), Accounts, _pds.Services.GetRequiredService<IAccountSigners>(), new FixedDidDocument(did, sourceKey));
        var before = (await Repos.GetHeadAsync(did))!;

        var result = await importer.ImportAsync(did, await File.ReadAllBytesAsync(Path.Combine(directory, "repo.car")));

        var head = (await Repos.GetHeadAsync(did))!;
        Assert.Equal((result.CommitCid, fixture.RootElement.GetProperty("data").GetString()), (head.CommitCid, head.DataCid.ToString()));
        var commit = Commit.Decode((await Repos.GetBlockAsync(did, head.CommitCid))!.Value.Span);
        Assert.Equal(before.CommitCid, commit.Prev);
        Assert.True(commit.Verify((await _pds.Services.GetRequiredService<IAccountSigners>().GetSignerAsync(did)).PublicKey));
        var expected = fixture.RootElement.GetProperty("records").EnumerateArray()
            .Select(r => (Path: $"{r.GetProperty("collection").GetString()}/{r.GetProperty("rkey").GetString()}", Cid: r.GetProperty("cid").GetString()))
            .OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        var actual = new List<(string Path, string? Cid)>();
        foreach (var collection in expected.Select(r => r.Path.Split('/')[0]).Distinct())
        {
            var page = await Repos.ListRecordsAsync(did, Nsid.Parse(collection), null, 100, reverse: true);
            actual.AddRange(page.Records.Select(r => (r.Path.Value, (string?)r.Cid.ToString())));
        }

        Assert.Equal(51, expected.Count);
        Assert.Equal(expected, actual.OrderBy(r => r.Path, StringComparer.Ordinal).ToList());
        Assert.Equal(AccountStatus.Deactivated, account.Status);
        Assert.Empty(await _pds.EventsOfAsync(did.Value));
    }

    [Fact]
    public async Task ImportRepo_ActiveAccount_ReplacesItsRecordsAndLogsOneSync()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var did = Did.Parse(alice.Did);
        var post = new { repo = alice.Did, collection = "app.bsky.feed.post", record = new { text = "gone after import", createdAt = "2024-01-01T00:00:00.000Z" } };
        var (_, written) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt);
        var ownKey = await _pds.Services.GetRequiredService<IAccountSigners>().GetSignerAsync(did);
        var (car, data, records) = await SourceRepoAsync(did, ownKey, 5);
        var afterWrite = await _pds.LatestSeqAsync();

        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(car, alice.AccessJwt)).StatusCode);

        var head = (await Repos.GetHeadAsync(did))!;
        Assert.Equal(data, head.DataCid);
        Assert.Null(await Repos.GetRecordCidAsync(did, RepoPath.Parse(written["uri"]!.GetValue<string>()[(alice.Did.Length + 6)..])));
        Assert.Equal(records.Count, (await Repos.ListRecordsAsync(did, Nsid.Parse("app.bsky.feed.post"), null, 100, reverse: true)).Records.Count);
        var sync = (SyncEvent)Assert.Single(await _pds.EventsOfAsync(alice.Did, afterWrite)).Message;
        Assert.Equal((head.Rev, head.CommitCid), (sync.Rev, LoggedEvents.CommitOf(sync).Cid));
    }

    private async Task<AccountRecord> StoreMigratingAccountAsync(Did did)
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        var privateKey = key.ExportPrivateKey();
        var account = new AccountRecord
        {
            Did = did,
            Handle = Handle.Parse("fixture.test"),
            CreatedAt = DateTimeOffset.UtcNow,
            DeactivatedAt = DateTimeOffset.UtcNow,
            SigningKeyAlgorithm = key.Algorithm.Name,
            ProtectedSigningKey = _pds.Services.GetRequiredService<IKeyProtector>().Protect(privateKey, "account-signing-key:" + did.Value),
        };
        Assert.Equal(AccountClaimResult.Success, await Accounts.CreateAccountAsync(account));
        await _pds.Services.GetRequiredService<IAccountEvents>().AccountCreatedAsync(account);
        return account;
    }

    private IAccountStore Accounts => _pds.Services.GetRequiredService<IAccountStore>();

    private IRepoStore Repos => _pds.Services.GetRequiredService<IRepoStore>();

    private string ServiceDid => _pds.Services.GetRequiredService<IOptions<PdsOptions>>().Value.ServiceDid!;

    private Task<(HttpStatusCode Status, JsonNode Json)> CreateMigratingAsync(Did did, string? token, string name = "alice") =>
        _pds.CallAsync(HttpMethod.Post, CreateAccount,
            new { handle = $"{name}.test", email = $"{name}@example.com", password = "password-123", did = did.Value }, token);

    private async Task<HttpResponseMessage> ImportAsync(byte[] car, string? access)
    {
        using var client = _pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.repo.importRepo") { Content = new ByteArrayContent(car) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ipld.car");
        request.Headers.Authorization = access is null ? null : new AuthenticationHeaderValue("Bearer", access);
        return await client.SendAsync(request);
    }

    private async Task<OldPds> RegisterElsewhereAsync(SigningKey? signing = null)
    {
        var rotation = SigningKey.Generate(KeyAlgorithm.P256);
        signing ??= SigningKey.Generate(KeyAlgorithm.K256);
        var genesis = await PlcOperation.CreateAtproto(
            Handle.Parse("alice.old-pds.example.org"), signing.PublicKey, [rotation.PublicKey], new Uri("https://old-pds.example.org")).SignAsync(rotation);
        var did = PlcDid.FromGenesis(genesis);
        await _pds.Plc.SubmitAsync(did, genesis);
        return new OldPds(did, rotation, signing, genesis);
    }

    private async Task<string> ServiceTokenAsync(
        ISigner key, Did issuer, string? audience = null, string? lxm = CreateAccount, TimeSpan? expiresIn = null)
    {
        var expires = DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromSeconds(60));
        return await ServiceJwt.CreateAsync(key, issuer.Value, audience ?? ServiceDid, lxm, expires - TimeSpan.FromSeconds(60), expires);
    }

    private async Task MoveDidHereAsync(OldPds old, Handle handle, PublicKey signingKey)
    {
        var last = old.Genesis;
        foreach (var next in new Func<PlcOperation, PlcOperation>[]
        {
            op => op.NextWithHandle(handle),
            op => op.NextWithAtprotoSigningKey(signingKey),
            op => op.NextWithPdsEndpoint(new Uri(PdsApiFactory.PublicUrl)),
        })
        {
            last = await next(last).SignAsync(old.Rotation);
            await _pds.Plc.SubmitAsync(old.Did, last);
        }
    }

    /// <summary>A repo as the old PDS would export it: <paramref name="count"/> posts, one signed commit, as a CAR.</summary>
    private static async Task<(byte[] Car, Cid Data, Dictionary<RepoPath, Cid> Records)> SourceRepoAsync(Did did, ISigner key, int count)
    {
        var tids = new TidGenerator();
        var records = new Dictionary<RepoPath, Cid>();
        var blocks = new List<CarBlock>();
        for (var i = 0; i < count; i++)
        {
            var (bytes, cid) = DagCbor.EncodeBlock(DataMap.Of(
                ("$type", DataValue.From("app.bsky.feed.post")), ("text", DataValue.From($"post {i}")), ("createdAt", DataValue.From("2024-01-01T00:00:00.000Z"))));
            records[RepoPath.Create(Nsid.Parse("app.bsky.feed.post"), RecordKey.FromTid(tids.Next()))] = cid;
            blocks.Add(new CarBlock(cid, bytes));
        }

        var tree = Mst.Build(null, records.Select(r => KeyValuePair.Create(r.Key.Value, r.Value)));
        var data = await tree.GetRootCidAsync();
        blocks.AddRange((await tree.GetNewBlocksAsync()).Select(b => new CarBlock(b.Cid, b.Bytes)));
        var commit = await new UnsignedCommit(did, data, tids.Next(), null).SignAsync(key);
        blocks.Insert(0, new CarBlock(commit.Cid, commit.Encode()));
        return (CarWriter.Encode([commit.Cid], blocks), data, records);
    }

    private sealed record OldPds(Did Did, SigningKey Rotation, SigningKey Signing, PlcOperation Genesis);

    /// <summary>A DID document source that knows one DID, pointing at another PDS with the given key.</summary>
    private sealed class FixedDidDocument(Did did, PublicKey key) : IDidDocumentSource
    {
        public Task<JsonElement?> GetDidDocumentAsync(Did asked, CancellationToken cancellationToken = default)
        {
            if (asked != did)
            {
                return Task.FromResult<JsonElement?>(null);
            }

            using var json = JsonDocument.Parse(DidDocument.CreateAtproto(did, null, key, new Uri("https://old-pds.example.org")).ToJson());
            return Task.FromResult<JsonElement?>(json.RootElement.Clone());
        }

        public Task<bool> IsValidForAccountAsync(Did asked, Handle handle, PublicKey signingKey, CancellationToken cancellationToken = default) =>
            Task.FromResult(false);
    }
}
