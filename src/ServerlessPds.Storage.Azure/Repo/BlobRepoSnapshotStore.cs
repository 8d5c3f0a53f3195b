using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// <see cref="IRepoSnapshotStore"/> on Blob Storage: one block blob per DID in container <c>snapshots</c>, named like
/// the repo's partition (<c>TableKeys.Partition</c>), holding the CAR, with its root commit CID and rev in the metadata
/// <c>root</c> and <c>rev</c>.
/// </summary>
/// <remarks>
/// <para>docs/architecture.md, "Sync reads". A writer buffers up to 4 MiB (<see cref="BlobLimits.DefaultBlockBytes"/>)
/// and stages each full buffer as an uncommitted block with IDs of its own; completing sends one Put Blob (a CAR within
/// one buffer) or one Put Block List, each carrying the metadata, so the blob and its metadata change atomically and a
/// writer that never completes leaves only uncommitted blocks, which the service drops. Two writers completing at once:
/// the last wins, and a writer whose staged blocks were dropped by the other's commit fails with 400
/// <c>InvalidBlockList</c>.</para>
/// <para>Errors: storage that cannot be reached is a 503 <c>ServiceUnavailable</c>
/// <see cref="Protocol.Xrpc.XrpcException"/>; other failures are <see cref="RequestFailedException"/>. A blob without valid
/// metadata is treated as absent. Thread-safe.</para>
/// </remarks>
public sealed class BlobRepoSnapshotStore : IRepoSnapshotStore
{
    /// <summary>The metadata name of the root commit CID.</summary>
    public const string RootMetadata = "root";

    /// <summary>The metadata name of the commit's rev.</summary>
    public const string RevMetadata = "rev";

    private readonly BlobContainerClient _container;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="connection">The storage account (Blob endpoint).</param>
    /// <param name="names">The container names; <see cref="AzureRepoStorageNames.Default"/> when <see langword="null"/>. The
    /// container must exist (<see cref="AzureStorageSetup.CreateTablesAndContainersAsync"/>).</param>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> lacks a Blob endpoint.</exception>
    public BlobRepoSnapshotStore(StorageConnection connection, AzureRepoStorageNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _container = connection.GetBlobContainerClient((names ?? AzureRepoStorageNames.Default).SnapshotsContainer);
    }

    /// <inheritdoc/>
    public Task<RepoCarSnapshot?> OpenAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            BlobDownloadStreamingResult download;
            try
            {
                download = (await _container.GetBlobClient(BlobName(did)).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode is null or StorageErrors.BlobNotFound)
            {
                return null;
            }

            var metadata = download.Details.Metadata;
            if (metadata.TryGetValue(RootMetadata, out var root) && Cid.TryParse(root, out var cid)
                && metadata.TryGetValue(RevMetadata, out var rev) && Tid.TryParse(rev, out var tid))
            {
                return new RepoCarSnapshot(cid, tid, download.Details.ContentLength, download.Content);
            }

            download.Dispose();
            return null;
        });
    }

    /// <inheritdoc/>
    public RepoSnapshotWriter BeginWrite(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return new Writer(_container, BlobName(did));
    }

    /// <inheritdoc/>
    public Task DeleteAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(() => _container.GetBlobClient(BlobName(did)).DeleteIfExistsAsync(cancellationToken: cancellationToken));
    }

    private static string BlobName(Did did) => TableKeys.Partition(did);

    private sealed class Writer(BlobContainerClient container, string blobName) : RepoSnapshotWriter
    {
        private readonly string _writer = Guid.NewGuid().ToString("N");
        private readonly MemoryStream _buffer = new();
        private readonly List<string> _blocks = [];
        private Task _staging = Task.CompletedTask;
        private bool _completed;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfCompleted();
            while (!buffer.IsEmpty)
            {
                var take = (int)Math.Min(buffer.Length, BlobLimits.DefaultBlockBytes - _buffer.Length);
                _buffer.Write(buffer.Span[..take]);
                buffer = buffer[take..];
                if (_buffer.Length == BlobLimits.DefaultBlockBytes)
                {
                    await StageAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public override async Task CompleteAsync(Cid root, Tid rev, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(rev);
            ThrowIfCompleted();
            _completed = true;
            var headers = new BlobHttpHeaders { ContentType = "application/vnd.ipld.car" };
            var metadata = new Dictionary<string, string> { [RootMetadata] = root.ToString(), [RevMetadata] = rev.Value };
            await StorageFailures.GuardAsync(async () =>
            {
                if (_blocks.Count == 0)
                {
                    var content = new BinaryData(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length));
                    await container.GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken)
                        .ConfigureAwait(false);
                    return;
                }

                if (_buffer.Length > 0)
                {
                    await StageAsync(cancellationToken).ConfigureAwait(false);
                }

                await _staging.ConfigureAwait(false);

                await container.GetBlockBlobClient(blobName).CommitBlockListAsync(_blocks, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken)
                    .ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _buffer.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>
        /// Stages the buffered bytes as the next block. The upload runs while the export goes on writing (one at a time:
        /// this waits for the previous one first), so a download is not held up by the snapshot's uploads.
        /// </summary>
        private async Task StageAsync(CancellationToken cancellationToken)
        {
            // IDs of one length, unique to this writer, so that concurrent writers never overwrite each other's blocks.
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(_writer + "-" + _blocks.Count.ToString("D6", CultureInfo.InvariantCulture)));
            var bytes = _buffer.ToArray();
            _buffer.SetLength(0);
            _blocks.Add(id);
            await _staging.ConfigureAwait(false);
            _staging = StorageFailures.GuardAsync(() => container.GetBlockBlobClient(blobName).StageBlockAsync(id, new BinaryData(bytes).ToStream(), cancellationToken: cancellationToken));
        }

        private void ThrowIfCompleted()
        {
            if (_completed)
            {
                throw new InvalidOperationException("The snapshot was already completed.");
            }
        }
    }
}
