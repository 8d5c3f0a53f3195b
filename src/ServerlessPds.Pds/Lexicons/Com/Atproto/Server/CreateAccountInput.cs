using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of createAccount. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createAccount.</remarks>
public sealed record CreateAccountInput
{
    /// <summary>Gets the account's email address.</summary>
    [JsonPropertyName("email")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    /// <summary>Gets the requested handle.</summary>
    [JsonPropertyName("handle")]
    public required string Handle { get; init; }

    /// <summary>Gets a pre-existing DID being imported (account migration).</summary>
    [JsonPropertyName("did")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Did { get; init; }

    /// <summary>Gets the invite code, when the server requires one.</summary>
    [JsonPropertyName("inviteCode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InviteCode { get; init; }

    /// <summary>Gets a phone verification code (not supported here).</summary>
    [JsonPropertyName("verificationCode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VerificationCode { get; init; }

    /// <summary>Gets a phone number (not supported here).</summary>
    [JsonPropertyName("verificationPhone")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VerificationPhone { get; init; }

    /// <summary>Gets the initial account password.</summary>
    [JsonPropertyName("password")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; init; }

    /// <summary>Gets a did:key rotation key to include in the PLC genesis operation.</summary>
    [JsonPropertyName("recoveryKey")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RecoveryKey { get; init; }

    /// <summary>Gets a signed PLC operation for an imported account (not supported here).</summary>
    [JsonPropertyName("plcOp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? PlcOp { get; init; }
}
