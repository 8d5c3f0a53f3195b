namespace ServerlessPds.Pds.Auth;

/// <summary>Signals that a JWT was rejected; <see cref="Error"/> says why. Messages never echo token contents.</summary>
/// <remarks>Spec: RFC 7519 (JWT), RFC 7515 (JWS); atproto.com/specs/xrpc (authentication).</remarks>
public sealed class JwtException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="error">Why the token was rejected.</param>
    /// <param name="message">A short description for logs.</param>
    /// <param name="innerException">The cause, if any.</param>
    public JwtException(JwtError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets why the token was rejected.</summary>
    public JwtError Error { get; }
}
