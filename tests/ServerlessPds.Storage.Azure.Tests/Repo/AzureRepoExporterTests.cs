using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Pds.Tests.Sync;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The getRepo export tests (reachable blocks only, <c>since</c> diffs), over <c>TableRepoStore.ScanBlocksAsync</c> on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRepoExporterTests(AzuriteFixture azurite) : RepoExporterTests
{
    internal override EngineHarness NewHarness() => AzureRepoStorage.Harness(azurite.Connection);
}
