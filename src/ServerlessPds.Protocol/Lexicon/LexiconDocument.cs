using System.Text.Json;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// A Lexicon schema document: one NSID (<see cref="Id"/>) and its named definitions (<see cref="Defs"/>), e.g. the
/// document <c>app.bsky.feed.post</c> whose <c>main</c> definition is the post record.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "Lexicon Files". Parsing checks the schema language strictly: <c>lexicon</c> is
/// the integer 1, <c>id</c> an NSID, every definition a known type with constraints of the right kind and consistent
/// (<c>minLength</c> ≤ <c>maxLength</c>, <c>required</c> names declared properties, references well-formed, …);
/// primary types (<c>record</c>, <c>query</c>, <c>procedure</c>, <c>subscription</c>, <c>permission-set</c>) only as
/// <c>main</c>; <c>ref</c>, <c>union</c>, <c>unknown</c> and <c>params</c> never as named definitions. Fields this
/// version does not know are ignored, as the spec asks for forward compatibility. References to other documents are
/// not resolved here; see <see cref="LexiconCatalog"/>.
/// </remarks>
public sealed class LexiconDocument
{
    /// <summary>The only Lexicon language version: the value of the document's <c>lexicon</c> field. Spec: atproto.com/specs/lexicon.</summary>
    public const int LexiconVersion = 1;

    internal LexiconDocument(Nsid id, long? revision, string? description, IReadOnlyDictionary<string, LexiconType> defs)
    {
        Id = id;
        Revision = revision;
        Description = description;
        Defs = defs;
    }

    /// <summary>Gets the NSID the document defines.</summary>
    public Nsid Id { get; }

    /// <summary>Gets the optional <c>revision</c> number of the schema.</summary>
    public long? Revision { get; }

    /// <summary>Gets the optional description.</summary>
    public string? Description { get; }

    /// <summary>Gets the definitions by name (e.g. <c>main</c>, <c>replyRef</c>).</summary>
    public IReadOnlyDictionary<string, LexiconType> Defs { get; }

    /// <summary>Gets the <c>main</c> definition, or <see langword="null"/> when the document has none.</summary>
    public LexiconType? Main => Defs.GetValueOrDefault(LexiconReference.MainName);

    /// <summary>Parses a Lexicon document from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="LexiconFormatException">The text is not JSON or not a valid Lexicon document; the message says where and why.</exception>
    public static LexiconDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new LexiconFormatException("Invalid JSON: " + e.Message, e);
        }
    }

    /// <summary>Parses a Lexicon document from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The UTF-8 JSON bytes.</param>
    /// <returns>The document.</returns>
    /// <exception cref="LexiconFormatException">The bytes are not JSON or not a valid Lexicon document; the message says where and why.</exception>
    public static LexiconDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8Json.ToArray());
            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new LexiconFormatException("Invalid JSON: " + e.Message, e);
        }
    }

    /// <summary>Reads a Lexicon document from a parsed JSON value.</summary>
    /// <param name="json">The JSON value (the document's root object).</param>
    /// <returns>The document; it holds no reference to <paramref name="json"/>.</returns>
    /// <exception cref="LexiconFormatException">The value is not a valid Lexicon document; the message says where and why.</exception>
    public static LexiconDocument FromJson(JsonElement json) => LexiconParser.ParseDocument(json);

    /// <summary>Returns <see cref="Id"/>.</summary>
    /// <returns>The NSID string.</returns>
    public override string ToString() => Id.Value;
}
