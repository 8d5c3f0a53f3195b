using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.TestSupport;

public sealed class FakeRepoStatusSource : IRepoStatusSource
{
    public ConcurrentDictionary<Did, RepoStatus> Repos { get; } = new();

    public Task<RepoStatus?> GetRepoStatusAsync(Did did, CancellationToken cancellationToken = default) =>
        Task.FromResult(Repos.TryGetValue(did, out var status) ? status : null);
}
