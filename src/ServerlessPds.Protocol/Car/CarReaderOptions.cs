namespace ServerlessPds.Protocol.Car;

/// <summary>Limits that <see cref="CarReader"/> enforces before it allocates memory for untrusted input.</summary>
/// <remarks>Spec: atproto.com/specs/repository, "CAR File Serialization"; atproto.com/specs/sync (size limits).</remarks>
public sealed record CarReaderOptions
{
    /// <summary>
    /// The default largest block, in bytes: 2 MiB (2,097,152). No valid atproto block is larger: a record is at most
    /// 1 MB of DAG-CBOR (atproto.com/specs/data-model), MST nodes and commits are far smaller, and the whole CAR slice
    /// of a <c>#commit</c> firehose event is at most 2,000,000 bytes (atproto.com/specs/sync).
    /// </summary>
    public const int DefaultMaxBlockBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The default largest header, in bytes: 64 KiB, room for about 1,800 root CIDs. An atproto CAR has one root, the
    /// commit (atproto.com/specs/repository), or none.
    /// </summary>
    public const int DefaultMaxHeaderBytes = 64 * 1024;

    /// <summary>The largest limit either option accepts, in bytes (1 GiB).</summary>
    public const int MaxLimitBytes = 1 << 30;

    /// <summary>Gets the default options.</summary>
    public static CarReaderOptions Default { get; } = new();

    /// <summary>
    /// Gets the largest block accepted, in bytes, excluding its CID; a section that claims more is rejected before
    /// anything is allocated for it. From 1 to <see cref="MaxLimitBytes"/>; default <see cref="DefaultMaxBlockBytes"/>.
    /// </summary>
    public int MaxBlockBytes { get; init; } = DefaultMaxBlockBytes;

    /// <summary>
    /// Gets the largest header accepted, in bytes (the DAG-CBOR after the header's length varint). From 1 to
    /// <see cref="MaxLimitBytes"/>; default <see cref="DefaultMaxHeaderBytes"/>.
    /// </summary>
    public int MaxHeaderBytes { get; init; } = DefaultMaxHeaderBytes;

    /// <summary>Checks that the limits are in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1 or above <see cref="MaxLimitBytes"/>.</exception>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockBytes, 1, nameof(MaxBlockBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBlockBytes, MaxLimitBytes, nameof(MaxBlockBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBytes, 1, nameof(MaxHeaderBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHeaderBytes, MaxLimitBytes, nameof(MaxHeaderBytes));
    }
}
