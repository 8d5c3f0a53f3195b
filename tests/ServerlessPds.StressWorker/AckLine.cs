using System.Text.Json.Serialization;

namespace ServerlessPds.StressWorker;

/// <summary>
/// One line of the worker's stdout, JSON: an acknowledged write (<c>commit</c> and <c>rev</c> set) or a rejected one
/// (<c>error</c> set; <c>unknown</c> when the outcome cannot be known, e.g. storage became unreachable mid-commit).
/// <c>cid</c> is the record's CID for creates and updates (also when rejected), null for deletes; <c>ms</c> is how long
/// the call took, in milliseconds.
/// </summary>
internal sealed record AckLine(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("cid")] string? Cid,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("rev")] string? Rev,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("unknown")] bool Unknown,
    [property: JsonPropertyName("ms")] long Milliseconds);
