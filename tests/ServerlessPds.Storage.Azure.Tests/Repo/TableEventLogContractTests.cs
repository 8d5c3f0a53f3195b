using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Storage;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The engine's <see cref="IEventLog"/> contract tests, on <see cref="TableEventLog"/>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableEventLogContractTests(AzuriteFixture azurite) : MemoryEventLogTests
{
    internal override IEventLog NewLog() => new TableEventLog(azurite.Connection, AzureRepoStorage.Create(azurite.Connection));
}

/// <summary>
/// The same contract tests on a <see cref="TableEventLog"/> whose partitions hold 3 seqs, so that nearly every append,
/// read and deletion crosses a partition boundary.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableEventLogSmallPartitionContractTests(AzuriteFixture azurite) : MemoryEventLogTests
{
    internal override IEventLog NewLog() =>
        new TableEventLog(azurite.Connection, AzureRepoStorage.Create(azurite.Connection)) { EventsPerPartition = 3 };
}
