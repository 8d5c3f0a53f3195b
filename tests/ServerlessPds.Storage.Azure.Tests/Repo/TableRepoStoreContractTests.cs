using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests.Storage;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The engine's <see cref="IRepoStore"/> contract tests, on <see cref="TableRepoStore"/>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRepoStoreContractTests(AzuriteFixture azurite) : MemoryRepoStoreTests
{
    internal override IRepoStore NewStore() => new TableRepoStore(azurite.Connection, AzureRepoStorage.Create(azurite.Connection));
}
