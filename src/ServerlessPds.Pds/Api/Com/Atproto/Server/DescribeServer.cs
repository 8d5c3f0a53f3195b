using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.describeServer</c>: what a client needs to know before creating an account here (the server's
/// DID, the handle domains, whether an invite is required, the blob limit, policy links and contact). Auth: none.
/// No parameters; output <see cref="DescribeServerOutput"/>.
/// </summary>
/// <remarks>Errors: none of its own. Lexicon: com.atproto.server.describeServer.</remarks>
/// <param name="options">The server's configuration.</param>
public sealed class DescribeServer(PdsServerOptions options) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.server.describeServer");

    /// <inheritdoc />
    public Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Task.FromResult(XrpcResult.Json(new DescribeServerOutput(
            options.ServiceDid.Value,
            [.. options.UserDomains],
            options.InviteRequired,
            PhoneVerificationRequired: false,
            options.BlobUploadLimitBytes,
            new DescribeServerLinks(options.PrivacyPolicyUrl, options.TermsOfServiceUrl),
            new DescribeServerContact(options.ContactEmail))));
    }
}
