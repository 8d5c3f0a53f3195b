using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>Reports a repo's figures for com.atproto.server.checkAccountStatus (implemented by the repo engine).</summary>
public interface IRepoStatusSource
{
    /// <summary>Reads the repo figures of an account.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The figures, or <see langword="null"/> when the account has no repo yet.</returns>
    Task<RepoStatus?> GetRepoStatusAsync(Did did, CancellationToken cancellationToken = default);
}
