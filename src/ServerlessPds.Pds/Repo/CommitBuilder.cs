using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// Builds a signed commit and its <c>#commit</c> event in memory from a repo's current state and a list of writes.
/// Reads MST nodes through the tree's block source; writes nothing.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository ("Commit Objects"), atproto.com/specs/sync ("Commit Events", inductive firehose:
/// <c>blocks</c> carries the new blocks and each op's covering proof, ops carry <c>prev</c>, <c>prevData</c> is the
/// previous MST root). docs/architecture.md, "The commit path" step 3.
/// </remarks>
internal sealed class CommitBuilder(TidGenerator tids, TimeProvider time)
{
    /// <summary>Builds the commit of <paramref name="writes"/> on <paramref name="head"/> (or on an empty repo when null).</summary>
    /// <exception cref="XrpcException">
    /// InvalidRequest, InvalidSwap or PayloadTooLarge (400/413) for writes that cannot apply, including a record with a
    /// malformed <c>$type: blob</c> object (InvalidRequest).
    /// </exception>
    public async Task<PreparedCommit> BuildAsync(
        Did did, ISigner signer, RepoHead? head, Mst tree, IReadOnlyList<RepoWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count > SyncLimits.MaxOpsPerCommit)
        {
            throw XrpcException.InvalidRequest($"Too many writes: {writes.Count}; at most {SyncLimits.MaxOpsPerCommit} per commit.");
        }

        var source = tree.Source ?? throw new InvalidOperationException("The tree has no block source.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var blobWrites = new List<RecordBlobChange>(writes.Count);
        var ops = new List<RepoOp>(writes.Count);
        var records = new List<RepoBlock>();
        var upserts = new List<KeyValuePair<RepoPath, Cid>>();
        var deletes = new List<RepoPath>();
        var results = new List<RepoWriteResult>(writes.Count);
        foreach (var write in writes)
        {
            var rkey = write.Rkey ?? (write.Action == RepoWriteAction.Create
                ? RecordKey.FromTid(tids.Next())
                : throw XrpcException.InvalidRequest($"A {write.Action} write needs an rkey."));
            var path = RepoPath.Create(write.Collection, rkey);
            var uri = AtUri.Create(did, path);
            if (!seen.Add(path.Value))
            {
                throw XrpcException.InvalidRequest($"The record {uri} is written more than once in one commit.");
            }

            var existing = await tree.GetAsync(path.Value, cancellationToken).ConfigureAwait(false);
            var action = write.Action == RepoWriteAction.Put
                ? existing is null ? RepoWriteAction.Create : RepoWriteAction.Update
                : write.Action;
            if (write.SwapRecord is { } swap && swap.Cid != existing)
            {
                throw XrpcException.InvalidSwap(uri, swap.Cid, existing);
            }

            switch (action)
            {
                case RepoWriteAction.Create when existing is not null:
                    throw XrpcException.InvalidRequest($"Record already exists: {uri}");
                case RepoWriteAction.Update or RepoWriteAction.Delete when existing is null:
                    throw XrpcException.InvalidRequest($"Could not find record: {uri}");
                case RepoWriteAction.Delete:
                    tree = await tree.DeleteAsync(path.Value, cancellationToken).ConfigureAwait(false);
                    ops.Add(RepoOp.Delete(path, existing!.Value));
                    deletes.Add(path);
                    blobWrites.Add(new RecordBlobChange(path, existing, []));
                    results.Add(new RepoWriteResult(action, uri, null));
                    continue;
            }

            var (bytes, cid) = EncodeRecord(write, uri);
            var scan = BlobRefFinder.Find(write.Record!);
            if (!scan.IsValid)
            {
                throw XrpcException.InvalidRequest($"The record {uri} holds an invalid blob reference. {scan.Error}");
            }

            blobWrites.Add(new RecordBlobChange(path, existing, scan.Refs));
            records.Add(new RepoBlock(cid, bytes));
            tree = existing is { } prev
                ? await tree.UpdateAsync(path.Value, cid, cancellationToken).ConfigureAwait(false)
                : await tree.AddAsync(path.Value, cid, cancellationToken).ConfigureAwait(false);
            ops.Add(existing is { } p ? RepoOp.Update(path, cid, p) : RepoOp.Create(path, cid));
            upserts.Add(KeyValuePair.Create(path, cid));
            results.Add(new RepoWriteResult(action, uri, cid));
        }

        var blobs = await BlobReferenceChanges.ComputeAsync(source, blobWrites, cancellationToken).ConfigureAwait(false);
        var data = await tree.GetRootCidAsync(cancellationToken).ConfigureAwait(false);
        var commit = await new UnsignedCommit(did, data, tids.Next(head?.Rev), head?.CommitCid).SignAsync(signer, cancellationToken).ConfigureAwait(false);
        var commitBlock = new RepoBlock(commit.Cid, commit.Encode());
        var nodes = (await tree.GetNewBlocksAsync(cancellationToken).ConfigureAwait(false)).Select(b => new RepoBlock(b.Cid, b.Bytes)).ToList();
        var blocks = Distinct([commitBlock, .. nodes, .. records]);

        var slice = new List<RepoBlock>(blocks);
        foreach (var op in ops)
        {
            slice.AddRange((await tree.GetCoveringProofAsync(op.Path.Value, cancellationToken).ConfigureAwait(false)).Select(b => new RepoBlock(b.Cid, b.Bytes)));
        }

        var car = CarWriter.Encode([commit.Cid], Distinct(slice).Select(b => new CarBlock(b.Cid, b.Bytes)));
        if (car.Length > SyncLimits.MaxCommitBlocksBytes)
        {
            throw XrpcException.PayloadTooLarge(
                $"The commit's blocks take {car.Length} bytes; a commit may carry at most {SyncLimits.MaxCommitBlocksBytes}.");
        }

        var now = AtprotoDatetime.FromDateTimeOffset(time.GetUtcNow());
        var events = new List<StoredEvent>(2)
        {
            StoredEvent.From(new CommitEvent
            {
                Repo = did,
                Commit = commit.Cid,
                Rev = commit.Rev,
                Since = head?.Rev,
                Blocks = car,
                Ops = ops,
                PrevData = head?.DataCid,
                Time = now,
            }),
        };
        if (head is null)
        {
            events.Add(StoredEvent.From(new SyncEvent
            {
                Did = did,
                Blocks = CarWriter.Encode([commit.Cid], [new CarBlock(commit.Cid, commitBlock.Bytes)]),
                Rev = commit.Rev,
                Time = now,
            }));
        }

        return new PreparedCommit(commit, blocks, upserts, deletes, blobs.Upserts, blobs.Deletes, blobs.Claims, new OutboxEntry(commit.Rev, events), results);
    }

    private static (byte[] Bytes, Cid Cid) EncodeRecord(RepoWrite write, AtUri uri)
    {
        if (write.Record is not DataMap map)
        {
            throw XrpcException.InvalidRequest($"The record for {uri} must be an object.");
        }

        var type = map["$type"];
        if (type is null)
        {
            map = new DataMap(map.Entries.Append(KeyValuePair.Create("$type", DataValue.From(write.Collection.Value))));
        }
        else if (type is not DataString s || s.Value != write.Collection.Value)
        {
            throw XrpcException.InvalidRequest($"Invalid $type: expected {write.Collection}, got {type}.");
        }

        var (bytes, cid) = DagCbor.EncodeBlock(map);
        return bytes.Length > SyncLimits.MaxRecordBytes
            ? throw XrpcException.InvalidRequest($"The record {uri} is {bytes.Length} bytes; at most {SyncLimits.MaxRecordBytes} are allowed.")
            : (bytes, cid);
    }

    private static List<RepoBlock> Distinct(IEnumerable<RepoBlock> blocks)
    {
        var seen = new HashSet<Cid>();
        return blocks.Where(b => seen.Add(b.Cid)).ToList();
    }
}
