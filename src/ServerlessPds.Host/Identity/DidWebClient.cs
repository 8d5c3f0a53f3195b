using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Identity;

/// <summary>
/// Fetches the DID documents of <c>did:web</c> DIDs hosted elsewhere: <c>GET https://&lt;host&gt;/.well-known/did.json</c>
/// (plain http for <c>localhost</c>, as <see cref="DidWeb.GetDocumentUrl"/>), at most <see cref="MaxDocumentBytes"/>,
/// within <see cref="DefaultTimeout"/>. Thread-safe; the <see cref="HttpClient"/> is the caller's.
/// </summary>
/// <remarks>Spec: atproto.com/specs/did ("did:web in AT Protocol"), W3C did:web method ("Read (Resolve)").</remarks>
/// <param name="http">The HTTP client; its own timeout also applies.</param>
public sealed class DidWebClient(HttpClient http) : IDidWebClient
{
    /// <summary>The largest document accepted, in bytes.</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    /// <summary>How long one fetch may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Fetches and parses a did:web's document.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="cancellationToken">A token that cancels the fetch.</param>
    /// <returns>
    /// The document, or <see langword="null"/> when the DID is not a did:web atproto supports, the host does not
    /// answer 200 in time, the body is too large or not a DID document, or the document's <c>id</c> is another DID.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DidDocument?> GetAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!DidWeb.IsSupported(did))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DefaultTimeout);
        try
        {
            using var response = await http.GetAsync(DidWeb.GetDocumentUrl(did), HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await response.Content.LoadIntoBufferAsync(MaxDocumentBytes, timeout.Token).ConfigureAwait(false);
            var document = DidDocument.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false));
            return document.Id == did ? document : null;
        }
        catch (Exception e) when (e is HttpRequestException or FormatException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
