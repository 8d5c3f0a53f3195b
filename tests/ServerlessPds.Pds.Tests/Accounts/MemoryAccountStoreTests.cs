using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;

namespace ServerlessPds.Pds.Tests.Accounts;

public sealed class MemoryAccountStoreTests : AccountStoreContractTests
{
    protected override Task<IAccountStore> CreateStoreAsync() => Task.FromResult<IAccountStore>(new MemoryAccountStore());
}
