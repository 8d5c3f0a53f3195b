using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>getRepo through the host with its snapshot store: the cached answer, and the snapshot's end with the account.</summary>
public sealed class GetRepoSnapshotTests : IAsyncLifetime
{
    private readonly PdsApiFactory _pds = new();
    private TestAccount _alice = null!;

    public async Task InitializeAsync() => _alice = await _pds.CreateAccountAsync("alice");

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task GetRepo_Twice_SavesASnapshotOfTheHeadAndAnswersTheSameBytes()
    {
        await CreatePostAsync("one");
        await CreatePostAsync("two");

        var first = await GetRepoAsync();
        var second = await GetRepoAsync();

        Assert.Equal(first, second);
        var head = (await _pds.Services.GetRequiredService<IRepoStore>().GetHeadAsync(Did.Parse(_alice.Did)))!;
        await using var snapshot = (await Snapshots.OpenAsync(Did.Parse(_alice.Did)))!;
        Assert.Equal(head.CommitCid, snapshot.Root);
        Assert.Equal(first.Length, snapshot.Length);
    }

    [Fact]
    public async Task DeleteAccount_DeletesTheSnapshot()
    {
        await CreatePostAsync("one");
        await GetRepoAsync();
        Assert.NotNull(await Snapshots.OpenAsync(Did.Parse(_alice.Did)));

        Assert.Equal(HttpStatusCode.OK, (await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.requestAccountDelete", token: _alice.AccessJwt)).Status);
        var token = ((MemoryAccountMailer)_pds.Services.GetRequiredService<IAccountMailer>()).Sent.Single().Token;
        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deleteAccount", new { did = _alice.Did, password = _alice.Password, token });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(await Snapshots.OpenAsync(Did.Parse(_alice.Did)));
        var head = await _pds.Services.GetRequiredService<IRepoStore>().GetHeadAsync(Did.Parse(_alice.Did));
        Assert.Equal(AccountStatus.Deleted, head?.WriteStatus);
        var (writeStatus, writeError) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = "app.bsky.feed.post", record = new { text = "after", createdAt = "2024-01-01T00:00:00.000Z" } }, _alice.AccessJwt);
        Assert.Equal((HttpStatusCode.Forbidden, "AccountNotFound"), (writeStatus, writeError["error"]!.GetValue<string>()));
        Assert.Equal(head, await _pds.Services.GetRequiredService<IRepoStore>().GetHeadAsync(Did.Parse(_alice.Did)));
    }

    private IRepoSnapshotStore Snapshots => _pds.Services.GetRequiredService<IRepoSnapshotStore>();

    private async Task<byte[]> GetRepoAsync()
    {
        using var response = await _pds.SendAsync(HttpMethod.Get, "com.atproto.sync.getRepo", new { did = _alice.Did });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await _pds.Services.GetRequiredService<RepoExporter>().SnapshotsSavedAsync(); // saved after the response ends
        return bytes;
    }

    private async Task CreatePostAsync(string text)
    {
        var (status, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = _alice.Did, collection = "app.bsky.feed.post", record = new { text, createdAt = "2024-01-01T00:00:00.000Z" } }, _alice.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
