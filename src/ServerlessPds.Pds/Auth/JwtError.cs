namespace ServerlessPds.Pds.Auth;

/// <summary>Why a JWT was rejected.</summary>
public enum JwtError
{
    /// <summary>Not a well-formed compact JWS, or a claim has the wrong JSON type, or a required claim is missing.</summary>
    Malformed,

    /// <summary>The header's <c>alg</c> is not one the caller accepts (never <c>none</c>).</summary>
    UnsupportedAlgorithm,

    /// <summary>The header's <c>typ</c> is not the expected one (for example a refresh token used as an access token).</summary>
    WrongType,

    /// <summary>The signature does not verify.</summary>
    BadSignature,

    /// <summary>The token's <c>exp</c> has passed (beyond the allowed clock skew).</summary>
    Expired,

    /// <summary>The token's <c>nbf</c> or <c>iat</c> is in the future (beyond the allowed clock skew).</summary>
    NotYetValid,

    /// <summary>The token's <c>aud</c> is not this service.</summary>
    WrongAudience,

    /// <summary>The token's <c>scope</c> is not accepted here (for example an access token given to refreshSession).</summary>
    WrongScope,

    /// <summary>The token's <c>lxm</c> (service auth) is missing or names another method.</summary>
    WrongMethod,
}
