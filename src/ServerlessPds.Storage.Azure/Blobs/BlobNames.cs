namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>Validates container and blob names and escapes blob names for URLs.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata.</remarks>
internal static class BlobNames
{
    /// <summary>Throws unless <paramref name="name"/> is 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static void ValidateContainerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"Invalid container name '{name}': use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(name));
        }
    }

    /// <summary>Throws unless <paramref name="name"/> is 1-1024 characters without control characters or backslashes, not ending in '.' or '/', without empty segments.</summary>
    public static void ValidateBlobName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? problem = name.Length switch
        {
            0 => "is empty",
            > BlobLimits.MaxBlobNameChars => $"has {name.Length} characters (the limit is {BlobLimits.MaxBlobNameChars})",
            _ when name[^1] is '.' or '/' => "ends with '.' or '/'",
            _ when name[0] == '/' || name.Contains("//", StringComparison.Ordinal) => "has an empty path segment",
            _ when name.Any(c => c <= '\u001F' || c is >= '\u007F' and <= '\u009F' || c == '\\') => "contains a control character or a backslash",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid blob name: it {problem}.", nameof(name));
        }
    }

    /// <summary>Builds the escaped path <c>/container/seg%20ment/…</c>, keeping '/' as the separator.</summary>
    public static string BlobPath(string container, string blobName) =>
        "/" + container + "/" + string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));
}
