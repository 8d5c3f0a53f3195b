using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The engine's writer tests (create, writes, swaps, bad writes), on the Azure ports.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureRepoWriterTests(AzuriteFixture azurite) : RepoWriterTests
{
    internal override EngineHarness NewHarness(KeyAlgorithm? algorithm = null) => AzureRepoStorage.Harness(azurite.Connection, algorithm);
}
