using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>The <c>com.atproto.repo.importRepo</c> method: the repo step of an account migrating in.</summary>
/// <remarks>
/// Lexicon com.atproto.repo.importRepo (input <c>application/vnd.ipld.car</c>, no output); spec atproto.com/specs/account
/// ("Account Migration"). Behaviour in <see cref="RepoImporter"/>. The account's own full-access session is required;
/// a deactivated account may import (that is the point), a taken-down one may not.
/// </remarks>
public static class ComAtprotoRepoImportEndpoints
{
    /// <summary>The largest CAR importRepo accepts, in bytes (256 MiB).</summary>
    public const long MaxCarBytes = 256L * 1024 * 1024;

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
        var caller = context.RequireAccess(AccessLevel.Full);
        var contentType = context.Request.ContentType;
        if (contentType is null || !contentType.StartsWith(CarContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw XrpcException.InvalidRequest($"Wrong request encoding (Content-Type): {contentType}");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        await importer.ImportAsync(caller.Did, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}
