namespace ServerlessPds.Pds.Ports;

/// <summary>The response of an outbound XRPC request, with its body not yet read.</summary>
public abstract class XrpcUpstreamResponse : IDisposable
{
    /// <summary>The HTTP status.</summary>
    public abstract int Status { get; }

    /// <summary>The declared body length in bytes, or <see langword="null"/>.</summary>
    public abstract long? ContentLength { get; }

    /// <summary>The <c>Content-Type</c> header as sent, or <see langword="null"/>.</summary>
    public abstract string? ContentType { get; }

    /// <summary>The media type of <see cref="ContentType"/> (no parameters), or <see langword="null"/>.</summary>
    public abstract string? MediaType { get; }

    /// <summary>The <c>Content-Encoding</c> values, in order (empty when the body is not encoded).</summary>
    public abstract IReadOnlyList<string> ContentEncoding { get; }

    /// <summary>Gets a response or content header's values.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The values, or <see langword="null"/> when absent.</returns>
    public abstract IReadOnlyList<string>? Header(string name);

    /// <summary>Opens the body.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The body stream; reads fail with <see cref="IOException"/> when the exchange breaks.</returns>
    public abstract Task<Stream> OpenBodyAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connection.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);
}
