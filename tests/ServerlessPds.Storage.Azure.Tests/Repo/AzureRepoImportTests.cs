using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The engine's import tests on the Azure ports: a 51-record import is a large commit (blocks first, index debt).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRepoImportTests(AzuriteFixture azurite) : RepoImportTests
{
    internal override EngineHarness NewHarness() => AzureRepoStorage.Harness(azurite.Connection);
}
