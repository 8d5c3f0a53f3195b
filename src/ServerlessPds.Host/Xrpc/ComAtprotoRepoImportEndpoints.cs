using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>The <c>com.atproto.repo.importRepo</c> method: the repo step of an account migrating in.</summary>
/// <remarks>
/// Lexicon com.atproto.repo.importRepo (input <c>application/vnd.ipld.car</c>, no output); spec atproto.com/specs/account
/// ("Account Migration"). Behaviour in <see cref="RepoImporter"/>, which reads the body as a stream with a hard bound
/// and runs at most <see cref="RepoImporter.MaxConcurrentImports"/> imports at once. The account's own full-access session is required;
/// a deactivated account may import (that is the point), a taken-down one may not.
/// </remarks>
public static class ComAtprotoRepoImportEndpoints
{
    /// <summary>The largest CAR importRepo accepts, in bytes (<see cref="RepoImporter.DefaultMaxCarBytes"/>, 256 MiB), compressed or decoded.</summary>
    public const long MaxCarBytes = RepoImporter.DefaultMaxCarBytes;

    /// <summary>The content type of the input.</summary>
    public const string CarContentType = "application/vnd.ipld.car";

    /// <summary>Maps the method on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoRepoImport(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcProcedure("com.atproto.repo.importRepo", ImportRepoAsync).WithMaxBodyBytes(MaxCarBytes);
        return xrpc;
    }

    private static async Task ImportRepoAsync(HttpContext context, RepoImporter importer)
    {
        var caller = await context.RequireAccessAsync(AccessLevel.Full);
        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith(CarContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw XrpcException.InvalidRequest($"Wrong request encoding (Content-Type): {contentType}");
        }

        // Streamed: the CAR is checked block by block as it is decoded, never copied whole into a buffer first.
        await importer.ImportAsync(caller.Did, context.Request.Body, MaxCarBytes, context.RequestAborted);
    }
}
