using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Pds.Firehose;

/// <summary>
/// Turns a <c>#commit</c> whose frame is too large for the transport into the <c>#sync</c> of the same commit, under the
/// same seq: the repo's DID, the commit block alone in a CAR (its CID the root), the rev and time. A consumer that gets
/// it knows the repo's new head without the diff and fetches what it lacks (<c>com.atproto.sync.getRepo</c>), which is
/// what sync v1.1 asks of a consumer for an event it cannot apply, and what replaced the deprecated <c>tooBig</c> flag.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync, "Sync Events" and "Commit Events" (size limits; <c>tooBig</c> deprecated); lexicon
/// <c>com.atproto.sync.subscribeRepos#sync</c>. docs/architecture.md, "The firehose on Azure Web PubSub".
/// </remarks>
internal static class CommitAsSync
{
    /// <summary>Builds the <c>#sync</c> frame standing for a <c>#commit</c> event.</summary>
    /// <param name="logged">A sequenced event.</param>
    /// <returns>The frame, or <see langword="null"/> when the event is not a <c>#commit</c> or its CAR lacks the commit block.</returns>
    /// <exception cref="FirehoseFormatException">The stored body is not a valid <c>#commit</c>.</exception>
    public static byte[]? FrameOf(LoggedEvent logged)
    {
        if (logged.Event.Type != CommitEvent.TypeName || logged.Event.ToMessage() is not CommitEvent commit)
        {
            return null;
        }

        CarContents car;
        try
        {
            car = CarReader.ReadAll(commit.Blocks.Span);
        }
        catch (CarFormatException e)
        {
            throw new FirehoseFormatException($"The #commit at seq {logged.Seq} holds a malformed CAR: {e.Message}", e);
        }

        if (!car.TryGetBlock(commit.Commit, out var block))
        {
            return null;
        }

        var sync = new SyncEvent
        {
            Did = commit.Repo,
            Blocks = CarWriter.Encode([commit.Commit], [new CarBlock(commit.Commit, block)]),
            Rev = commit.Rev,
            Time = commit.Time,
        };
        return StoredEvent.From(sync).ToFrame(logged.Seq);
    }
}
