namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The <c>blob</c> type: a reference to a blob (<c>{"$type": "blob", "ref": …, "mimeType": …, "size": …}</c>).</summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "blob": <c>accept</c> lists MIME types, with <c>image/*</c> style wildcards and
/// <c>*/*</c> for any; <c>maxSize</c> is in bytes. Spec: atproto.com/specs/data-model, "Blob Type", for the legacy
/// form <c>{"cid": "…", "mimeType": "…"}</c>.
/// </remarks>
public sealed class LexiconBlob : LexiconType
{
    /// <summary>The <c>type</c> name.</summary>
    public const string Name = "blob";

    private readonly string[]? _accept;

    internal LexiconBlob()
    {
    }

    /// <inheritdoc/>
    public override string TypeName => Name;

    /// <summary>Gets the MIME types (or <c>type/*</c> patterns) allowed, if restricted.</summary>
    public IReadOnlyList<string>? Accept { get => _accept; internal init => _accept = value?.ToArray(); }

    /// <summary>Gets the largest blob allowed, in bytes, if restricted.</summary>
    public long? MaxSize { get; internal init; }

    /// <summary>Tells whether <paramref name="mimeType"/> is allowed by <see cref="Accept"/> (ASCII case-insensitive).</summary>
    /// <param name="mimeType">The blob's MIME type, e.g. <c>image/png</c>.</param>
    /// <returns><see langword="true"/> if there is no restriction or a pattern matches; otherwise <see langword="false"/>.</returns>
    public bool Accepts(string mimeType)
    {
        ArgumentNullException.ThrowIfNull(mimeType);
        if (_accept is null)
        {
            return true;
        }

        foreach (var pattern in _accept)
        {
            if (pattern is "*/*" or "*")
            {
                return true;
            }

            if (pattern.EndsWith("/*", StringComparison.Ordinal))
            {
                if (mimeType.Length > pattern.Length - 1
                    && mimeType.AsSpan(0, pattern.Length - 1).Equals(pattern.AsSpan(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, mimeType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
