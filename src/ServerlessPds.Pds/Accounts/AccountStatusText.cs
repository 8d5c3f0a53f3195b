using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Accounts;

/// <summary>Wire names of <see cref="AccountStatus"/> values (the <c>status</c> field of sessions and <c>#account</c> events).</summary>
/// <remarks>Spec: atproto.com/specs/account; lexicon com.atproto.server.getSession (<c>status</c> known values).</remarks>
public static class AccountStatusText
{
    /// <summary>Gets the wire name of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns><c>takendown</c>, <c>deactivated</c> or <c>deleted</c>; <see langword="null"/> for <see cref="AccountStatus.Active"/>.</returns>
    public static string? ToWire(AccountStatus status) => status switch
    {
        AccountStatus.Takendown => "takendown",
        AccountStatus.Deactivated => "deactivated",
        AccountStatus.Deleted => "deleted",
        _ => null,
    };
}
