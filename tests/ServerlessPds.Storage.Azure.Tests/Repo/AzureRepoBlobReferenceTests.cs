using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The engine's blob reference tests (rows, claims, large commits, crashes at port calls), on the Azure ports.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRepoBlobReferenceTests(AzuriteFixture azurite) : RepoBlobReferenceTests
{
    internal override EngineHarness NewHarness() => AzureRepoStorage.Harness(azurite.Connection);
}
