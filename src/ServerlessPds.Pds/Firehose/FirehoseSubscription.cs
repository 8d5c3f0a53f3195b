using System.Globalization;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Pds.Firehose;

/// <summary>
/// One consumer of <c>com.atproto.sync.subscribeRepos</c>: a producer reads the <see cref="IEventLog"/> after the
/// last seq it delivered and fills a bounded buffer that the transport drains with <see cref="ReadAsync"/>, one frame
/// per WebSocket message. Created by <see cref="FirehoseHub.OpenAsync"/>; the transport disposes it.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream, "Sequence Numbers" and "Error Handling"; atproto.com/specs/sync (frame size).
/// <list type="bullet">
/// <item>No cursor: events sequenced after the subscription opened. Cursor N: every retained event with seq &gt; N, then
/// live. Replay and live are one loop reading after the last seq delivered, so there is no gap and no duplicate at the
/// seam, whatever is appended meanwhile.</item>
/// <item>Cursor greater than the latest seq: one <c>FutureCursor</c> error frame, then the end.</item>
/// <item>Events the cursor asks for that retention deleted: an <c>#info</c> frame <c>OutdatedCursor</c>, then everything
/// from the oldest kept. A gap that appears later (retention overtaking a slow replay) gets the same.</item>
/// <item>While caught up it waits on the <see cref="IEventWaiter"/> or <see cref="FirehoseOptions.PollInterval"/>,
/// whichever comes first.</item>
/// <item>Backpressure: the producer waits while the buffer is full; if the consumer takes nothing for
/// <see cref="FirehoseOptions.SlowConsumerTimeout"/>, the held frames are dropped and the <c>ConsumerTooSlow</c> error
/// frame is the last one. Memory per subscriber stays within the buffer bounds plus one log page.</item>
/// <item>A frame over <see cref="FirehoseOptions.MaxFrameBytes"/>: a <c>#commit</c> becomes the <c>#sync</c> of the same
/// commit and seq (<see cref="CommitAsSync"/>; <see cref="ReplacedFrames"/> counts them), anything else is skipped
/// rather than sent, because consumers must drop it (<see cref="SkippedFrames"/>).</item>
/// </list>
/// </remarks>
public sealed class FirehoseSubscription : IAsyncDisposable
{
    private readonly IEventLog _log;
    private readonly IEventWaiter _waiter;
    private readonly FirehoseOptions _options;
    private readonly long _latestAtOpen;
    private readonly FrameBuffer _buffer;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<FirehoseSubscription> _onDisposed;
    private Task _producer = Task.CompletedTask;
    private int _end;
    private int _disposed;
    private long _lastSeq;
    private long _skipped;
    private long _replaced;

    internal FirehoseSubscription(
        long id, IEventLog log, IEventWaiter waiter, FirehoseOptions options, long? cursor, long latestAtOpen, Action<FirehoseSubscription> onDisposed)
    {
        Id = id;
        _log = log;
        _waiter = waiter;
        _options = options;
        Cursor = cursor;
        _latestAtOpen = latestAtOpen;
        _onDisposed = onDisposed;
        _buffer = new FrameBuffer(options.BufferFrames, options.BufferBytes);
        _lastSeq = cursor ?? latestAtOpen;
    }

    /// <summary>Gets the subscription's id, unique within its <see cref="FirehoseHub"/>.</summary>
    public long Id { get; }

    /// <summary>Gets the cursor the consumer asked for, or <see langword="null"/> for live only.</summary>
    public long? Cursor { get; }

    /// <summary>Gets why the subscription stopped producing, or <see cref="FirehoseEnd.None"/> while it runs.</summary>
    public FirehoseEnd End => (FirehoseEnd)Volatile.Read(ref _end);

    /// <summary>Gets the exception that ended a <see cref="FirehoseEnd.Failed"/> subscription, or <see langword="null"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Gets a task that completes when the producer stops (for any <see cref="End"/>).</summary>
    public Task Finished => _finished.Task;

    /// <summary>Gets the seq of the last event the producer buffered (or passed over), initially the starting point.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Gets the number of frames waiting in the buffer.</summary>
    public int BufferedFrames => _buffer.Count;

    /// <summary>Gets the most frames the buffer ever held at once (never above <see cref="FirehoseOptions.BufferFrames"/>).</summary>
    public int HighWaterFrames => _buffer.HighWaterFrames;

    /// <summary>Gets the most bytes the buffer ever held at once.</summary>
    public long HighWaterBytes => _buffer.HighWaterBytes;

    /// <summary>Gets the number of events skipped because their frame exceeded <see cref="FirehoseOptions.MaxFrameBytes"/> or their stored body was corrupt.</summary>
    public long SkippedFrames => Interlocked.Read(ref _skipped);

    /// <summary>Gets the number of <c>#commit</c> frames over <see cref="FirehoseOptions.MaxFrameBytes"/> sent as their <c>#sync</c>.</summary>
    public long ReplacedFrames => Interlocked.Read(ref _replaced);

    /// <summary>Takes the next frame to send, waiting for one.</summary>
    /// <param name="cancellationToken">A token that cancels the wait (the subscription stays usable).</param>
    /// <returns>
    /// The frame, or <see langword="null"/> when the subscription has ended and everything was taken. A frame with
    /// <see cref="OutgoingFrame.IsFinal"/> is always the last one.
    /// </returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<OutgoingFrame?> ReadAsync(CancellationToken cancellationToken = default) => _buffer.ReadAsync(cancellationToken);

    /// <summary>Stops the producer, drops the buffer and unregisters the subscription from its hub.</summary>
    /// <returns>A task that completes when the producer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _buffer.Finish(null);
        _stop.Dispose();
        _onDisposed(this);
    }

    /// <summary>Starts the producer.</summary>
    internal void Start() => _producer = Task.Run(() => ProduceAsync(_stop.Token));

    private static OutgoingFrame ErrorFrameOf(string error, string message) =>
        new(FirehoseFrames.Encode(new ErrorFrame(error, message)), null, IsFinal: true);

    private async Task ProduceAsync(CancellationToken cancellationToken)
    {
        var end = FirehoseEnd.Closed;
        try
        {
            end = await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Failure = e;
            end = FirehoseEnd.Failed;
        }
        finally
        {
            Interlocked.CompareExchange(ref _end, (int)end, (int)FirehoseEnd.None);
            if (end != FirehoseEnd.Closed)
            {
                _buffer.Complete();
            }

            _finished.TrySetResult();
        }
    }

    private async Task<FirehoseEnd> RunAsync(CancellationToken cancellationToken)
    {
        if (Cursor > _latestAtOpen)
        {
            return Terminate(FirehoseEnd.FutureCursor, ErrorFrameOf(ErrorFrame.FutureCursor, string.Create(
                CultureInfo.InvariantCulture, $"Cursor {Cursor} is in the future: the latest seq is {_latestAtOpen}.")));
        }

        var last = LastSeq;
        var first = true;
        var failures = 0;
        while (true)
        {
            IReadOnlyList<LoggedEvent> page;
            try
            {
                page = await _log.ReadAsync(last, _options.PageSize, cancellationToken).ConfigureAwait(false);
                if (await EventsMissingAsync(last, page, first, cancellationToken).ConfigureAwait(false) is { } oldest)
                {
                    if (!await WriteAsync(OutdatedCursorFrame(last, oldest), cancellationToken).ConfigureAwait(false))
                    {
                        return FirehoseEnd.ConsumerTooSlow;
                    }

                    // Retention deleted everything up to the latest seq at open: the next event is the first after it,
                    // which is no gap (one #info per outdated cursor, even if an event arrives between the two reads).
                    last = Math.Max(last, _latestAtOpen);
                }

                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (++failures >= _options.MaxReadFailures)
                {
                    Failure = e;
                    return FirehoseEnd.Failed;
                }

                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            first = false;
            foreach (var logged in page)
            {
                if (FrameOf(logged) is { } frame
                    && !await WriteAsync(new OutgoingFrame(frame, logged.Seq, IsFinal: false), cancellationToken).ConfigureAwait(false))
                {
                    return FirehoseEnd.ConsumerTooSlow;
                }

                last = logged.Seq;
                Interlocked.Exchange(ref _lastSeq, last);
            }

            if (page.Count < _options.PageSize)
            {
                await WaitForEventsAsync(last, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Tells whether events after <paramref name="last"/> were deleted by retention: the page starts beyond
    /// <paramref name="last"/> + 1 and nothing at or below that is kept, or (on the first read) the log once held events
    /// after the cursor and holds none now.
    /// </summary>
    /// <returns>The oldest seq kept (0 when the log is empty) when events are missing; otherwise <see langword="null"/>.</returns>
    private async Task<long?> EventsMissingAsync(long last, IReadOnlyList<LoggedEvent> page, bool first, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
        {
            return first && last < _latestAtOpen ? 0 : null;
        }

        if (page[0].Seq == last + 1)
        {
            return null;
        }

        var oldest = await _log.ReadAsync(0, 1, cancellationToken).ConfigureAwait(false);
        return oldest.Count == 0 || oldest[0].Seq > last + 1 ? page[0].Seq : null;
    }

    private static OutgoingFrame OutdatedCursorFrame(long last, long oldest)
    {
        var message = oldest == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Events after seq {last} are no longer kept; streaming from the next event.")
            : string.Create(CultureInfo.InvariantCulture, $"Events after seq {last} are no longer kept; streaming from seq {oldest}, the oldest kept.");
        var info = new InfoEvent { Name = InfoEvent.OutdatedCursor, Message = message };
        return new OutgoingFrame(FirehoseFrames.Encode(info), null, IsFinal: false);
    }

    /// <summary>
    /// Builds an event's frame, or for an oversized <c>#commit</c> its <c>#sync</c> frame; <see langword="null"/> (and
    /// counted) when it is over the size limit otherwise, or its stored body is corrupt.
    /// </summary>
    private byte[]? FrameOf(LoggedEvent logged)
    {
        try
        {
            var frame = logged.Event.ToFrame(logged.Seq);
            if (frame.Length <= _options.MaxFrameBytes)
            {
                return frame;
            }

            if (CommitAsSync.FrameOf(logged) is { } sync && sync.Length <= _options.MaxFrameBytes)
            {
                Interlocked.Increment(ref _replaced);
                return sync;
            }
        }
        catch (FirehoseFormatException)
        {
        }

        Interlocked.Increment(ref _skipped);
        return null;
    }

    private async Task<bool> WriteAsync(OutgoingFrame frame, CancellationToken cancellationToken)
    {
        if (await _buffer.WriteAsync(frame, _options.SlowConsumerTimeout, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Terminate(FirehoseEnd.ConsumerTooSlow, ErrorFrameOf(ErrorFrame.ConsumerTooSlow, string.Create(
            CultureInfo.InvariantCulture, $"The consumer read nothing for {_options.SlowConsumerTimeout.TotalSeconds:0.###} s while {_options.BufferFrames} frames or {_options.BufferBytes} bytes were waiting.")));
        return false;
    }

    /// <summary>Records why the stream ends, then replaces the buffer with its final frame (in that order, so a consumer that takes the frame sees <see cref="End"/>).</summary>
    private FirehoseEnd Terminate(FirehoseEnd end, OutgoingFrame final)
    {
        Interlocked.CompareExchange(ref _end, (int)end, (int)FirehoseEnd.None);
        _buffer.Finish(final);
        return end;
    }

    private async Task WaitForEventsAsync(long last, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(_options.PollInterval);
        try
        {
            await _waiter.WaitAsync(last, poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
