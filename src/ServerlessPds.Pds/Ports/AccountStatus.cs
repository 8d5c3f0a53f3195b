namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The hosting status of an account on this PDS. Only <see cref="Active"/> accounts serve their repo and accept writes.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/account, "Account Status". A takedown outranks a deactivation: an account that is both is
/// <see cref="Takendown"/>. <see cref="Deleted"/> is what a lookup of a DID without an account reports; its wire name
/// is <c>deleted</c> in the <c>#account</c> firehose event.
/// </remarks>
public enum AccountStatus
{
    /// <summary>The account is hosted normally (wire form: <c>active = true</c>, no status).</summary>
    Active,

    /// <summary>The account holder paused the account, for example while migrating away (wire: <c>deactivated</c>).</summary>
    Deactivated,

    /// <summary>The operator took the account down (wire: <c>takendown</c>).</summary>
    Takendown,

    /// <summary>The account does not exist here, or was deleted (wire: <c>deleted</c>).</summary>
    Deleted,
}
