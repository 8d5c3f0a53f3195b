using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Storage;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The engine's <see cref="IPendingDirectory"/> contract tests, on <see cref="TablePendingDirectory"/>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TablePendingDirectoryContractTests(AzuriteFixture azurite) : MemoryPendingDirectoryTests
{
    internal override IPendingDirectory NewPending() => new TablePendingDirectory(azurite.Connection, AzureRepoStorage.Create(azurite.Connection));
}
