using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of checkAccountStatus. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.checkAccountStatus.</remarks>
public sealed record CheckAccountStatusOutput
{
    /// <summary>Gets a value indicating whether the account is active.</summary>
    [JsonPropertyName("activated")]
    public required bool Activated { get; init; }

    /// <summary>Gets a value indicating whether the DID document points at this server with the account's key.</summary>
    [JsonPropertyName("validDid")]
    public required bool ValidDid { get; init; }

    /// <summary>Gets the CID of the current repo commit.</summary>
    [JsonPropertyName("repoCommit")]
    public required string RepoCommit { get; init; }

    /// <summary>Gets the current repo rev.</summary>
    [JsonPropertyName("repoRev")]
    public required string RepoRev { get; init; }

    /// <summary>Gets how many blocks the repo holds.</summary>
    [JsonPropertyName("repoBlocks")]
    public required long RepoBlocks { get; init; }

    /// <summary>Gets how many records are indexed.</summary>
    [JsonPropertyName("indexedRecords")]
    public required long IndexedRecords { get; init; }

    /// <summary>Gets how many private state values are stored.</summary>
    [JsonPropertyName("privateStateValues")]
    public required long PrivateStateValues { get; init; }

    /// <summary>Gets how many blobs the records reference.</summary>
    [JsonPropertyName("expectedBlobs")]
    public required long ExpectedBlobs { get; init; }

    /// <summary>Gets how many of those blobs are stored.</summary>
    [JsonPropertyName("importedBlobs")]
    public required long ImportedBlobs { get; init; }
}
