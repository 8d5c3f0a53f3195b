using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of listAppPasswords. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.listAppPasswords.</remarks>
public sealed record ListAppPasswordsOutput
{
    /// <summary>Gets the account's app passwords, newest first.</summary>
    [JsonPropertyName("passwords")]
    public required IReadOnlyList<AppPasswordView> Passwords { get; init; }
}
