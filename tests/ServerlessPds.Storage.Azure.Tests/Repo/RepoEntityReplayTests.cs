using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessPds.Durable;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>
/// The Durable Task runtime's replay of an entity batch after a crash (the commits landed, the entity's state and
/// answers were not checkpointed): the same <see cref="EntityBatchRequest"/> runs again from the last checkpointed
/// state, through the Durable Task SDK's entity shim as the runtime runs it, and must store nothing new and give the
/// same answers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoEntityReplayTests(AzuriteFixture azurite)
{
    private static readonly DurableTaskShimFactory Shims = new(new DurableTaskWorkerOptions { EnableEntitySupport = true }, NullLoggerFactory.Instance);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Batch_DeliveredAgainFromTheSameState_StoresNothingNewAndAnswersTheSame(int operations)
    {
        using var h = AzureRepoStorage.Harness(azurite.Connection);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var batch = new EntityBatchRequest
        {
            InstanceId = new EntityId(RepoEntity.Name, h.Did.Value).ToString(),
            EntityState = null,
            Operations = [.. Enumerable.Range(0, operations).Select(i => new OperationRequest
            {
                Operation = RepoEntity.ApplyOperation,
                Id = Guid.NewGuid(),
                Input = JsonDataConverter.Default.Serialize(RepoWriteRequest.From(h.Did, [RepoWrite.Create(EngineHarness.Posts, null, EngineHarness.Post($"op {i}"))], null)),
            })],
        };

        var first = await RunAsync(h, batch);
        var replayed = await RunAsync(h, batch);
        var inAnotherProcess = await RunAsync(h, batch, h.NewWriter());

        Assert.Equal(operations, first.Results!.Count);
        Assert.All(first.Results, r => Assert.False(r.IsError, r.ErrorMessage));
        Assert.Equal(first.Results.Select(r => r.Result), replayed.Results!.Select(r => r.Result));
        Assert.Equal(first.Results.Select(r => r.Result), inAnotherProcess.Results!.Select(r => r.Result));
        Assert.Equal(first.EntityState, replayed.EntityState);
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(1 + operations, chain.Count);
        var answered = first.Results.Select(r => JsonDataConverter.Default.Deserialize<RepoWriteOutcome>(r.Result)!.CommitCid);
        Assert.Equal(chain.Skip(1).Select(c => c.Cid.ToString()), answered);
        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
    }

    [Fact]
    public async Task RefusedOperation_DeliveredAgain_AnswersTheSameErrorAndStoresNothing()
    {
        using var h = AzureRepoStorage.Harness(azurite.Connection);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var batch = new EntityBatchRequest
        {
            InstanceId = new EntityId(RepoEntity.Name, h.Did.Value).ToString(),
            Operations =
            [
                new OperationRequest
                {
                    Operation = RepoEntity.ApplyOperation,
                    Id = Guid.NewGuid(),
                    Input = JsonDataConverter.Default.Serialize(RepoWriteRequest.From(h.Did, [RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3gone"))], null)),
                },
            ],
        };

        var first = await RunAsync(h, batch);
        var replayed = await RunAsync(h, batch);

        var outcome = JsonDataConverter.Default.Deserialize<RepoWriteOutcome>(first.Results![0].Result)!;
        Assert.Equal((400, "InvalidRequest"), (outcome.Status, outcome.Error));
        Assert.Equal(first.Results[0].Result, replayed.Results![0].Result);
        Assert.Single(await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey));
    }

    private static Task<EntityBatchResult> RunAsync(EngineHarness h, EntityBatchRequest batch, RepoWriter? writer = null)
    {
        var id = EntityId.FromString(batch.InstanceId!);
        var entity = new RepoEntity(writer ?? h.NewWriter(), new OneAccountSigners(h.Did, h.Key));
        return Shims.CreateEntity(id.Name, entity, id).ExecuteOperationBatchAsync(batch);
    }
}
