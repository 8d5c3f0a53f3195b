using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>The test collection that shares one Azurite (tests in it run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
