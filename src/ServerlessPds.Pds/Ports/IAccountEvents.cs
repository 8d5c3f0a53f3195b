using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Receives account lifecycle changes, so that the composition root can create the account's empty repo and emit the
/// firehose <c>#identity</c>, <c>#account</c> and <c>#commit</c> events.
/// </summary>
/// <remarks>Spec: atproto.com/specs/sync (<c>#account</c> event), atproto.com/specs/account.</remarks>
public interface IAccountEvents
{
    /// <summary>
    /// Called after a new account is stored and before createAccount answers. If it throws, the account is deleted
    /// again and the error propagates. An account migrating in (created with an existing DID) arrives
    /// <see cref="AccountStatus.Deactivated"/>: create its repo, but announce nothing until it is activated.
    /// </summary>
    /// <param name="account">The stored account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the account's repo and events are in place.</returns>
    Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called after every activation, deactivation, takedown or its reversal (whether or not the status changed), and
    /// just before a deletion. The <c>#account</c> event has <c>active</c> = (<paramref name="status"/> is active)
    /// and, otherwise, the status name; an activation also announces the handle and the repo's current commit.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="status">The new status; <see cref="AccountStatus.Deleted"/> after deletion.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the event is recorded.</returns>
    Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called after the PDS changed the account's handle or anything else in its DID document (or was asked to and
    /// found nothing to change, so that a retry repairs a lost event): the <c>#identity</c> event carries
    /// <paramref name="handle"/>.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="handle">The account's current handle.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the event is recorded.</returns>
    Task IdentityChangedAsync(Did did, Handle handle, CancellationToken cancellationToken = default);
}
