using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

public sealed class ComAtprotoServerAccountEndpointsTests : IAsyncLifetime
{
    private readonly PdsApiFactory _pds = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task CreateAccount_Valid_RegistersPlcDidCreatesRepoAndSession()
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount",
            new { handle = "alice.test", email = "alice@example.com", password = "password-123" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["accessJwt", "did", "didDoc", "handle", "refreshJwt"], json.AsObject().Select(p => p.Key).Order());
        Assert.Equal(json["did"]!.GetValue<string>(), json["didDoc"]!["id"]!.GetValue<string>());
        var did = Did.Parse(json["did"]!.GetValue<string>());
        Assert.Equal("plc", did.Method);
        Assert.Equal("alice.test", _pds.Plc.Log(did).Cast<Protocol.Identity.PlcOperation>().Single().Handle!.Value);
        var head = await _pds.Services.GetRequiredService<IRepoStore>().GetHeadAsync(did);
        Assert.NotNull(head);
    }

    public static TheoryData<object, string> BadAccounts => new()
    {
        { new { handle = "alice.test", email = "other@example.com", password = "password-123" }, "HandleNotAvailable" },
        { new { handle = "al.test", email = "x@example.com", password = "password-123" }, "InvalidHandle" },
        { new { handle = "carol.example.com", email = "x@example.com", password = "password-123" }, "UnsupportedDomain" },
        { new { handle = "carol.test", email = "x@example.com", password = "short" }, "InvalidPassword" },
        { new { handle = "carol.test", email = "alice@example.com", password = "password-123" }, "InvalidRequest" },
        { new { handle = "carol.test", email = "not-an-email", password = "password-123" }, "InvalidRequest" },
    };

    [Theory]
    [MemberData(nameof(BadAccounts))]
    public async Task CreateAccount_Invalid_AnswersLexiconErrorAndCreatesNothing(object input, string error)
    {
        await _pds.CreateAccountAsync("alice");

        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount", input);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
        Assert.Null(await _pds.Services.GetRequiredService<IAccountStore>().GetAccountByHandleAsync(Handle.Parse("carol.test")));
    }

    [Fact]
    public async Task DeactivateAccount_ThenWrite_AccountDeactivatedUntilActivated()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var post = new { repo = alice.Did, collection = "app.bsky.feed.post", record = new { text = "hi", createdAt = "2024-01-01T00:00:00.000Z" } };

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deactivateAccount", new { }, alice.AccessJwt)).Status);
        var (writeStatus, writeError) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt);
        var (_, status) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: alice.AccessJwt);
        Assert.Equal(HttpStatusCode.Unauthorized, writeStatus);
        Assert.Equal("AccountDeactivated", writeError["error"]!.GetValue<string>());
        Assert.False(status["activated"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", token: alice.AccessJwt)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt)).Status);
    }

    [Fact]
    public async Task Takedown_ThenWriteWithAnEarlierToken_AccountTakedownThenRevokedAfterReversal()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var post = new { repo = alice.Did, collection = "app.bsky.feed.post", record = new { text = "hi", createdAt = "2024-01-01T00:00:00.000Z" } };
        var accounts = _pds.Services.GetRequiredService<AccountService>();

        await accounts.UpdateTakedownAsync(Did.Parse(alice.Did), "mod-1");
        var (writeStatus, writeError) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt);
        await accounts.UpdateTakedownAsync(Did.Parse(alice.Did), null);
        var (afterStatus, afterError) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt);
        var (_, session) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = alice.Handle, password = alice.Password });
        var (newStatus, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, session["accessJwt"]!.GetValue<string>());

        Assert.Equal((HttpStatusCode.Unauthorized, "AccountTakedown"), (writeStatus, writeError["error"]!.GetValue<string>()));
        // The takedown ended the session: the earlier token stays revoked, a new login works.
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidToken"), (afterStatus, afterError["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, newStatus);
    }

    [Fact]
    public async Task CheckAccountStatus_Active_AnswersLexiconShape()
    {
        var alice = await _pds.CreateAccountAsync("alice");

        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: alice.AccessJwt);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json["activated"]!.GetValue<bool>());
        Assert.True(json["validDid"]!.GetValue<bool>());
        Assert.StartsWith("bafy", json["repoCommit"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Tid.IsValid(json["repoRev"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DeleteAccount_WithEmailedToken_RemovesAccount()
    {
        var alice = await _pds.CreateAccountAsync("alice");

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.requestAccountDelete", token: alice.AccessJwt)).Status);
        var token = ((MemoryAccountMailer)_pds.Services.GetRequiredService<IAccountMailer>()).Sent.Single().Token;
        var wrong = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deleteAccount", new { did = alice.Did, password = "wrong-password", token });
        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deleteAccount", new { did = alice.Did, password = alice.Password, token });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(await _pds.Services.GetRequiredService<IAccountStore>().GetAccountAsync(Did.Parse(alice.Did)));
    }

    [Fact]
    public async Task CreateInviteCode_AdminOnly()
    {
        var alice = await _pds.CreateAccountAsync("alice");

        var anonymous = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createInviteCode", new { useCount = 1 });
        var user = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createInviteCode", new { useCount = 1 }, alice.AccessJwt);
        var admin = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createInviteCode", new { useCount = 1 }, authorization: PdsApiFactory.Admin());
        var many = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createInviteCodes", new { useCount = 1, codeCount = 2 }, authorization: PdsApiFactory.Admin());

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, user.Status);
        Assert.Equal(HttpStatusCode.OK, admin.Status);
        Assert.False(string.IsNullOrEmpty(admin.Json["code"]!.GetValue<string>()));
        Assert.Equal(2, many.Json["codes"]![0]!["codes"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateAccount_RateLimitHeaders_Sent()
    {
        using var response = await _pds.SendAsync(HttpMethod.Post, "com.atproto.server.createAccount",
            new { handle = "alice.test", email = "alice@example.com", password = "password-123" });

        Assert.Equal("100", response.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("99", response.Headers.GetValues("RateLimit-Remaining").Single());
    }
}
