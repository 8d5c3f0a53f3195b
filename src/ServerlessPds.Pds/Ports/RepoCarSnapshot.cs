using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>A repo snapshot opened by <see cref="IRepoSnapshotStore.OpenAsync"/>: what it was written for, and its CAR bytes on demand.</summary>
/// <param name="root">The commit CID the snapshot was completed with (the CAR's root).</param>
/// <param name="rev">The rev of that commit.</param>
/// <param name="length">The CAR's length in bytes.</param>
/// <param name="content">The CAR bytes, read as they arrive from storage; owned and disposed by this snapshot.</param>
public sealed class RepoCarSnapshot(Cid root, Tid rev, long length, Stream content) : IAsyncDisposable
{
    /// <summary>Gets the commit CID the snapshot was completed with (the CAR's root).</summary>
    public Cid Root { get; } = root;

    /// <summary>Gets the rev of that commit.</summary>
    public Tid Rev { get; } = rev;

    /// <summary>Gets the CAR's length in bytes.</summary>
    public long Length { get; } = length;

    /// <summary>Gets the CAR bytes (a CAR v1 file, <see cref="Length"/> bytes), read once, from the start.</summary>
    public Stream Content { get; } = content;

    /// <summary>Releases <see cref="Content"/> (and its storage connection).</summary>
    /// <returns>A task that completes when released.</returns>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
