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
