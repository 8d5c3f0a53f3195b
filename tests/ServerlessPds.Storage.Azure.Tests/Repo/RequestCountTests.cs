using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The storage requests of the commit path, counted by a pipeline policy on the SDK clients (docs/architecture.md, "The commit path").</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RequestCountTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CreateRecord_SingleRecordCommit_IsExactlyTwoEntityGroupTransactions()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var counter = new KillSwitchPolicy();
        var counted = AzureRepoStorage.Connect(azurite, perRetry: counter);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var writer = h.NewWriter(new TableRepoStore(counted, names), new TablePendingDirectory(counted, names), new TableEventLog(counted, names));
        await writer.CreateRepoAsync(h.Did, h.Key);
        await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3warm", "warm-up")]);

        for (var i = 0; i < 5; i++)
        {
            var before = counter.Requests;
            var result = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create($"3post{i}", $"post {i}")]);
            string[] sent;
            lock (counter.Log)
            {
                sent = [.. counter.Log.Skip(before)];
            }

            Assert.True(result.Sequenced);
            Assert.Equal(2, counter.Requests - before);
            Assert.All(sent, request => Assert.Matches(@"^POST /?devstoreaccount1/\$batch$", request));
        }

        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
    }
}
