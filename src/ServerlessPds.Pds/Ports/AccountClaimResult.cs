namespace ServerlessPds.Pds.Ports;

/// <summary>The outcome of an operation that claims unique account keys (DID, handle, email).</summary>
public enum AccountClaimResult
{
    /// <summary>Every key was free and is now held by the account.</summary>
    Success,

    /// <summary>Another account holds the DID.</summary>
    DidTaken,

    /// <summary>Another account holds the handle.</summary>
    HandleTaken,

    /// <summary>Another account holds the email address.</summary>
    EmailTaken,

    /// <summary>The account to change does not exist.</summary>
    NotFound,
}
