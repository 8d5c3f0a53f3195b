using System.Text.Json.Serialization;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>One line of the stress worker's output (see the worker's AckLine).</summary>
internal sealed record StressLine(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("cid")] string? Cid,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("rev")] string? Rev,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("unknown")] bool Unknown,
    [property: JsonPropertyName("ms")] long Milliseconds = 0)
{
    public bool Acknowledged => Commit is not null;
}
