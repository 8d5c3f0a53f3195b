using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The write-once tests (a write delivered again applies once), on the Azure ports: the receipts ride in the head row.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRepoWriteOnceTests(AzuriteFixture azurite) : RepoWriteOnceTests
{
    internal override EngineHarness NewHarness() => AzureRepoStorage.Harness(azurite.Connection);
}
