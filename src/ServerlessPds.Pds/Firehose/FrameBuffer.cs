namespace ServerlessPds.Pds.Firehose;

/// <summary>
/// The bounded frame queue between one subscription's producer (the log reader) and its consumer (the transport): at
/// most <c>maxFrames</c> frames and <c>maxBytes</c> bytes (one larger frame fits an empty queue). One producer and one
/// consumer at a time; thread-safe.
/// </summary>
/// <remarks>docs/architecture.md, "The firehose" (backpressure and <c>ConsumerTooSlow</c>).</remarks>
/// <param name="maxFrames">The most frames held, at least 1.</param>
/// <param name="maxBytes">The most bytes held, at least 1.</param>
internal sealed class FrameBuffer(int maxFrames, long maxBytes)
{
    private readonly object _lock = new();
    private readonly Queue<OutgoingFrame> _frames = new();
    private long _bytes;
    private bool _completed;
    private TaskCompletionSource? _readable;
    private TaskCompletionSource? _writable;

    /// <summary>Gets the frames held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Gets the most frames ever held at once.</summary>
    public int HighWaterFrames { get; private set; }

    /// <summary>Gets the most bytes ever held at once.</summary>
    public long HighWaterBytes { get; private set; }

    /// <summary>Adds a frame, waiting up to <paramref name="timeout"/> for the consumer to make room.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="timeout">How long the consumer may leave the buffer full.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns><see langword="true"/> if the frame was added; <see langword="false"/> if the buffer stayed full (or was completed).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<bool> WriteAsync(OutgoingFrame frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task writable;
            lock (_lock)
            {
                if (_completed)
                {
                    return false;
                }

                if (_frames.Count == 0 || (_frames.Count < maxFrames && _bytes + frame.Bytes.Length <= maxBytes))
                {
                    Enqueue(frame);
                    return true;
                }

                writable = (_writable ??= NewSignal()).Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await writable.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Drops every held frame, adds <paramref name="final"/> (if any) as the last one, and completes the buffer.</summary>
    /// <param name="final">The last frame, e.g. an error frame, or <see langword="null"/>.</param>
    public void Finish(OutgoingFrame? final)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _frames.Clear();
            _bytes = 0;
            if (final is not null)
            {
                Enqueue(final);
            }

            _completed = true;
            Signal(ref _readable);
            Signal(ref _writable);
        }
    }

    /// <summary>Completes the buffer: the consumer gets what is held, then the end.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            Signal(ref _readable);
            Signal(ref _writable);
        }
    }

    /// <summary>Takes the next frame, waiting for one.</summary>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>The frame, or <see langword="null"/> when the buffer is completed and empty.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<OutgoingFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task readable;
            lock (_lock)
            {
                if (_frames.TryDequeue(out var frame))
                {
                    _bytes -= frame.Bytes.Length;
                    Signal(ref _writable);
                    return frame;
                }

                if (_completed)
                {
                    return null;
                }

                readable = (_readable ??= NewSignal()).Task;
            }

            await readable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Signal(ref TaskCompletionSource? signal)
    {
        signal?.TrySetResult();
        signal = null;
    }

    private void Enqueue(OutgoingFrame frame)
    {
        _frames.Enqueue(frame);
        _bytes += frame.Bytes.Length;
        HighWaterFrames = Math.Max(HighWaterFrames, _frames.Count);
        HighWaterBytes = Math.Max(HighWaterBytes, _bytes);
        Signal(ref _readable);
    }
}
