using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>
/// The #identity, #account, #commit and #sync events each account lifecycle step puts into the durable event log:
/// types, order, consecutive seqs and fields, read back from the log the firehose serves.
/// </summary>
public sealed class AccountEventsTests : IAsyncLifetime
{
    private readonly PdsApiFactory _pds = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task CreateAccount_LogsIdentityAccountCommitSync_InTheReferenceOrder()
    {
        var before = await _pds.LatestSeqAsync();

        var alice = await _pds.CreateAccountAsync("alice");

        var events = await _pds.EventsOfAsync(alice.Did);
        var head = (await _pds.Services.GetRequiredService<IRepoStore>().GetHeadAsync(Did.Parse(alice.Did)))!;
        Assert.Equal(["#identity", "#account", "#commit", "#sync"], events.Select(e => e.Message.Type));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => before + i), events.Select(e => e.Seq));
        var identity = (IdentityEvent)events[0].Message;
        Assert.Equal((alice.Did, "alice.test"), (identity.Did.Value, identity.Handle?.Value));
        var account = (AccountEvent)events[1].Message;
        Assert.Equal((alice.Did, true, (string?)null), (account.Did.Value, account.Active, account.Status));
        var commit = (CommitEvent)events[2].Message;
        Assert.Equal((alice.Did, head.CommitCid, head.Rev, (Tid?)null, 0), (commit.Repo.Value, commit.Commit, commit.Rev, commit.Since, commit.Ops.Count));
        var sync = (SyncEvent)events[3].Message;
        Assert.Equal((alice.Did, head.Rev, head.CommitCid), (sync.Did.Value, sync.Rev, LoggedEvents.CommitOf(sync).Cid));
        var key = (await _pds.Plc.GetDocumentAsync(Did.Parse(alice.Did)))!.SigningKey!;
        Assert.True(LoggedEvents.CommitOf(sync).Verify(key));
    }

    [Fact]
    public async Task DeactivateActivate_LogAccountThenAccountIdentitySyncOfTheCurrentCommit()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var afterCreate = await _pds.LatestSeqAsync();

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deactivateAccount", new { }, alice.AccessJwt)).Status);
        var deactivated = await _pds.EventsOfAsync(alice.Did, afterCreate);
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", token: alice.AccessJwt)).Status);
        var activated = await _pds.EventsOfAsync(alice.Did, deactivated[^1].Seq);

        var off = (AccountEvent)Assert.Single(deactivated).Message;
        Assert.Equal((false, "deactivated"), (off.Active, off.Status));
        Assert.Equal(["#account", "#identity", "#sync"], activated.Select(e => e.Message.Type));
        Assert.Equal(Enumerable.Range(1, 3).Select(i => deactivated[^1].Seq + i), activated.Select(e => e.Seq));
        var on = (AccountEvent)activated[0].Message;
        Assert.Equal((true, (string?)null), (on.Active, on.Status));
        Assert.Equal("alice.test", ((IdentityEvent)activated[1].Message).Handle?.Value);
        var head = (await _pds.Services.GetRequiredService<IRepoStore>().GetHeadAsync(Did.Parse(alice.Did)))!;
        var sync = (SyncEvent)activated[2].Message;
        Assert.Equal((head.Rev, head.CommitCid), (sync.Rev, LoggedEvents.CommitOf(sync).Cid));
    }

    [Fact]
    public async Task TakedownAndReversal_LogTakendownThenActive()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var accounts = _pds.Services.GetRequiredService<AccountService>();
        var afterCreate = await _pds.LatestSeqAsync();

        await accounts.UpdateTakedownAsync(Did.Parse(alice.Did), "mod-1");
        var takendown = await _pds.EventsOfAsync(alice.Did, afterCreate);
        await accounts.UpdateTakedownAsync(Did.Parse(alice.Did), null);
        var restored = await _pds.EventsOfAsync(alice.Did, takendown[^1].Seq);

        var down = (AccountEvent)Assert.Single(takendown).Message;
        Assert.Equal((false, "takendown"), (down.Active, down.Status));
        Assert.Equal(["#account", "#identity", "#sync"], restored.Select(e => e.Message.Type));
        Assert.True(((AccountEvent)restored[0].Message).Active);
    }

    [Fact]
    public async Task UpdateHandle_LogsIdentityWithTheNewHandle()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var afterCreate = await _pds.LatestSeqAsync();

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.identity.updateHandle", new { handle = "alice2.test" }, alice.AccessJwt)).Status);

        var identity = (IdentityEvent)Assert.Single(await _pds.EventsOfAsync(alice.Did, afterCreate)).Message;
        Assert.Equal((alice.Did, "alice2.test"), (identity.Did.Value, identity.Handle?.Value));
    }

    [Fact]
    public async Task DeleteAccount_LogsAccountDeleted()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.requestAccountDelete", new { }, alice.AccessJwt)).Status);
        var token = ((MemoryAccountMailer)_pds.Services.GetRequiredService<IAccountMailer>()).Sent.Last().Token;
        var afterRequest = await _pds.LatestSeqAsync();

        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deleteAccount", new { did = alice.Did, password = alice.Password, token });

        Assert.Equal(HttpStatusCode.OK, status);
        var deleted = (AccountEvent)Assert.Single(await _pds.EventsOfAsync(alice.Did, afterRequest)).Message;
        Assert.Equal((alice.Did, false, "deleted"), (deleted.Did.Value, deleted.Active, deleted.Status));
        Assert.Null(await _pds.Services.GetRequiredService<IAccountStore>().GetAccountAsync(Did.Parse(alice.Did)));
    }

    [Fact]
    public async Task AccountEvents_AfterCommits_KeepTheRepoOrderAndNeverReuseARev()
    {
        var alice = await _pds.CreateAccountAsync("alice");
        var post = new { repo = alice.Did, collection = "app.bsky.feed.post", record = new { text = "hi", createdAt = "2024-01-01T00:00:00.000Z" } };
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt)).Status);

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deactivateAccount", new { }, alice.AccessJwt)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", token: alice.AccessJwt)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord", post, alice.AccessJwt)).Status);

        var logged = (await _pds.Services.GetRequiredService<IEventLog>().ReadAsync(0, 1000)).Where(e => e.Did.Value == alice.Did).ToList();
        Assert.Equal(["#identity", "#account", "#commit", "#sync", "#commit", "#account", "#account", "#identity", "#sync", "#commit"], logged.Select(e => e.Event.Type));
        var entries = logged.GroupBy(e => e.Rev.Value).Select(g => g.Key).ToList();
        Assert.Equal(5, entries.Count);
        Assert.Equal(entries.Order(StringComparer.Ordinal), entries);
    }
}
