using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>One page of <see cref="IAccountStore.ListAccountsAsync"/>.</summary>
/// <param name="Accounts">The accounts, in ascending DID order.</param>
/// <param name="Cursor">The DID to pass as the next call's <c>after</c>, or <see langword="null"/> when the listing is complete.</param>
public sealed record AccountPage(IReadOnlyList<AccountRecord> Accounts, Did? Cursor);
