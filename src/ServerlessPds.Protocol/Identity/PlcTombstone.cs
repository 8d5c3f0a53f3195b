using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// A <c>did:plc</c> tombstone (<c>type: "plc_tombstone"</c>): the operation that deactivates a DID. It carries only
/// <c>prev</c> (the CID of the operation it follows, never <see langword="null"/>) and, once signed, <c>sig</c>.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("DID Deactivation").</remarks>
public sealed class PlcTombstone : PlcLogOperation
{
    /// <summary>The <c>type</c> of a tombstone.</summary>
    public const string OperationType = "plc_tombstone";

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "type", "prev" };

    private PlcTombstone(string prev, string? signature)
        : base(signature)
    {
        Prev = prev;
    }

    /// <inheritdoc/>
    public override string Type => OperationType;

    /// <summary>Gets the CID string of the operation this tombstone follows.</summary>
    public override string Prev { get; }

    /// <summary>Creates the unsigned tombstone that follows an operation.</summary>
    /// <param name="prev">The CID of the last operation of the log.</param>
    /// <returns>The unsigned tombstone.</returns>
    /// <exception cref="ArgumentException"><paramref name="prev"/> is the default (empty) CID.</exception>
    public static PlcTombstone Create(Cid prev) =>
        prev.IsDefault ? throw new ArgumentException("prev is a default (empty) CID.", nameof(prev)) : new PlcTombstone(prev.ToString(), null);

    /// <summary>Signs the tombstone with a rotation key of the operation it follows.</summary>
    /// <param name="rotationKey">The signer.</param>
    /// <param name="cancellationToken">A token that cancels the signing.</param>
    /// <returns>A copy of the tombstone with <c>sig</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rotationKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<PlcTombstone> SignAsync(ISigner rotationKey, CancellationToken cancellationToken = default)
    {
        var unsigned = new PlcTombstone(Prev, null);
        return new PlcTombstone(Prev, await unsigned.ComputeSignatureAsync(rotationKey, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads a <c>plc_tombstone</c> JSON object whose <c>type</c> was checked.</summary>
    internal static PlcTombstone ReadJson(JsonElement json)
    {
        const string What = "PLC tombstone";
        var signature = ReadSignature(json, What, Fields);
        var prev = IdentityJson.RequiredString(json, "prev", What);
        if (!Cid.TryParse(prev, out var cid) || cid.ToString() != prev)
        {
            throw new FormatException($"The {What} prev is not a canonical CID string.");
        }

        return new PlcTombstone(prev, signature);
    }

    /// <inheritdoc/>
    private protected override void AddFields(List<KeyValuePair<string, DataValue>> fields)
    {
        fields.Add(KeyValuePair.Create("type", DataValue.From(OperationType)));
        fields.Add(KeyValuePair.Create("prev", DataValue.From(Prev)));
    }
}
