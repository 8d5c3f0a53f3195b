using System.Globalization;
using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// One entry of a PLC directory's audit log (<c>GET /:did/log/audit</c>): an operation with the CID the directory
/// computed for it, whether a later recovery nullified it, and when the directory accepted it.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("Audit Logs"; the directory's JSON API).</remarks>
public sealed class PlcAuditEntry
{
    private PlcAuditEntry(Did did, PlcLogOperation operation, Cid cid, bool nullified, DateTimeOffset createdAt)
    {
        Did = did;
        Operation = operation;
        Cid = cid;
        Nullified = nullified;
        CreatedAt = createdAt;
    }

    /// <summary>Gets the DID the operation belongs to.</summary>
    public Did Did { get; }

    /// <summary>Gets the signed operation.</summary>
    public PlcLogOperation Operation { get; }

    /// <summary>Gets the CID of the operation (checked to equal the operation's own <see cref="PlcLogOperation.Cid"/>).</summary>
    public Cid Cid { get; }

    /// <summary>Gets a value indicating whether a recovery operation nullified this one (it is no longer part of the valid history).</summary>
    public bool Nullified { get; }

    /// <summary>Gets the time the directory accepted the operation.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Parses an audit log: a JSON array of entries, oldest first.</summary>
    /// <param name="json">The response body of <c>GET /:did/log/audit</c>.</param>
    /// <returns>The entries in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not such an array, or an entry is invalid (see <see cref="FromJson"/>).</exception>
    public static IReadOnlyList<PlcAuditEntry> ParseLog(string json)
    {
        var root = IdentityJson.ParseRoot(json, "PLC audit log");
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"The PLC audit log must be a JSON array, not {IdentityJson.Describe(root)}.");
        }

        return root.EnumerateArray().Select(FromJson).ToList().AsReadOnly();
    }

    /// <summary>Reads one audit log entry.</summary>
    /// <param name="json">An object with <c>did</c>, <c>operation</c>, <c>cid</c>, <c>nullified</c> and <c>createdAt</c>; other fields are ignored.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="FormatException">
    /// A field is missing or of the wrong type, the operation is invalid, or <c>cid</c> is not the CID of the
    /// operation (the directory's data is inconsistent).
    /// </exception>
    public static PlcAuditEntry FromJson(JsonElement json)
    {
        const string What = "PLC audit entry";
        IdentityJson.RequireObject(json, What);
        var didText = IdentityJson.RequiredString(json, "did", What);
        if (!Did.TryParse(didText, out var did))
        {
            throw new FormatException($"The {What} did '{didText}' is not a valid DID.");
        }

        if (!json.TryGetProperty("operation", out var operationJson))
        {
            throw new FormatException($"The {What} lacks 'operation'.");
        }

        var operation = PlcLogOperation.FromJson(operationJson);
        if (!operation.IsSigned)
        {
            throw new FormatException($"The {What} operation is not signed.");
        }

        var cidText = IdentityJson.RequiredString(json, "cid", What);
        if (!Cid.TryParse(cidText, out var cid))
        {
            throw new FormatException($"The {What} cid '{cidText}' is not a valid CID.");
        }

        if (cid != operation.Cid)
        {
            throw new FormatException($"The {What} cid {cid} is not the CID of its operation ({operation.Cid}).");
        }

        if (!json.TryGetProperty("nullified", out var nullifiedJson) || nullifiedJson.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new FormatException($"The {What} lacks the boolean 'nullified'.");
        }

        var createdAtText = IdentityJson.RequiredString(json, "createdAt", What);
        if (!DateTimeOffset.TryParse(createdAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            throw new FormatException($"The {What} createdAt '{createdAtText}' is not a timestamp.");
        }

        return new PlcAuditEntry(did, operation, cid, nullifiedJson.GetBoolean(), createdAt);
    }
}
