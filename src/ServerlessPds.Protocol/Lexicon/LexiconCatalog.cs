using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// A set of Lexicon documents with their definitions indexed for reference resolution: <c>nsid#name</c>, a bare
/// <c>nsid</c> (its <c>main</c> definition), or <c>#name</c> relative to a document.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/lexicon, "Lexicon Files" and "ref". <see cref="Default"/> holds every schema embedded
/// in this assembly (com.atproto.*, app.bsky.*, chat.bsky.*; resources named
/// <c>lexicons/&lt;path&gt;.json</c>), parsed once on first use and read-only. Other catalogs start empty or as a copy
/// of another and accept more documents. Reads never lock and are safe alongside writes: a write publishes a new
/// immutable snapshot.
/// </remarks>
public sealed class LexiconCatalog
{
    /// <summary>The prefix of the manifest resource names of the embedded schemas.</summary>
    public const string ResourcePrefix = "lexicons/";

    private static readonly Lazy<LexiconCatalog> DefaultCatalog = new(CreateDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lock _gate = new();
    private volatile Snapshot _snapshot;

    /// <summary>Initializes a new, empty, writable catalog.</summary>
    public LexiconCatalog()
    {
        _snapshot = Snapshot.Empty;
    }

    /// <summary>Initializes a new writable catalog holding the documents of <paramref name="source"/>.</summary>
    /// <param name="source">The catalog to copy, e.g. <see cref="Default"/>; it is not changed by later additions to this one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public LexiconCatalog(LexiconCatalog source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _snapshot = source._snapshot;
    }

    /// <summary>Gets the read-only catalog of the embedded schemas, loading them on first use (thread-safe).</summary>
    /// <exception cref="LexiconFormatException">An embedded schema is invalid (a build defect).</exception>
    public static LexiconCatalog Default => DefaultCatalog.Value;

    /// <summary>Gets a value indicating whether documents can no longer be added (true only for <see cref="Default"/>).</summary>
    public bool IsReadOnly { get; private init; }

    /// <summary>Gets the number of documents.</summary>
    public int Count => _snapshot.Documents.Count;

    /// <summary>Gets the documents, in no particular order.</summary>
    public IReadOnlyCollection<LexiconDocument> Documents => _snapshot.Documents.Values;

    /// <summary>Parses every schema embedded in this assembly (resources named <see cref="ResourcePrefix"/><c>…/*.json</c>).</summary>
    /// <returns>The documents, ordered by resource name.</returns>
    /// <exception cref="LexiconFormatException">An embedded schema is invalid; the message names the resource.</exception>
    public static IReadOnlyList<LexiconDocument> LoadEmbeddedDocuments()
    {
        var assembly = typeof(LexiconCatalog).Assembly;
        var documents = new List<LexiconDocument>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            try
            {
                documents.Add(LexiconDocument.Parse(bytes));
            }
            catch (LexiconFormatException e)
            {
                throw new LexiconFormatException($"Embedded schema {name}: {e.Message}", e);
            }
        }

        return documents;
    }

    /// <summary>Adds a document.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The catalog is read-only, or already holds a document with the same id.</exception>
    public void Add(LexiconDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        AddRange([document]);
    }

    /// <summary>Adds documents, all or none.</summary>
    /// <param name="documents">The documents.</param>
    /// <exception cref="ArgumentNullException"><paramref name="documents"/> or one of them is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The catalog is read-only, or an id is already present or repeated.</exception>
    public void AddRange(IEnumerable<LexiconDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (IsReadOnly)
        {
            throw new InvalidOperationException("This catalog is read-only; copy it with new LexiconCatalog(LexiconCatalog.Default) to add documents.");
        }

        lock (_gate)
        {
            var current = _snapshot;
            var docs = new Dictionary<string, LexiconDocument>(current.Documents, StringComparer.Ordinal);
            var defs = new Dictionary<string, LexiconType>(current.Defs, StringComparer.Ordinal);
            foreach (var document in documents)
            {
                ArgumentNullException.ThrowIfNull(document, nameof(documents));
                if (!docs.TryAdd(document.Id.Value, document))
                {
                    throw new InvalidOperationException($"The catalog already holds a lexicon with id {document.Id}.");
                }

                foreach (var (name, def) in document.Defs)
                {
                    defs[$"{document.Id.Value}#{name}"] = def;
                    if (name == LexiconReference.MainName)
                    {
                        defs[document.Id.Value] = def;
                    }
                }
            }

            _snapshot = new Snapshot(docs, defs);
        }
    }

    /// <summary>Gets a document by id.</summary>
    /// <param name="id">The document's NSID.</param>
    /// <returns>The document, or <see langword="null"/> when absent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public LexiconDocument? GetDocument(Nsid id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _snapshot.Documents.GetValueOrDefault(id.Value);
    }

    /// <summary>Resolves a reference to its definition.</summary>
    /// <param name="reference">The reference: <c>nsid#name</c>, a bare <c>nsid</c> (its <c>main</c>), or <c>#name</c> (needs <paramref name="context"/>).</param>
    /// <param name="context">The document a <c>#name</c> reference is relative to.</param>
    /// <returns>The definition, or <see langword="null"/> when the catalog has none by that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is malformed, or relative without <paramref name="context"/>.</exception>
    public LexiconType? Resolve(string reference, Nsid? context = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.StartsWith('#') && context is null)
        {
            throw new ArgumentException($"The relative reference \"{reference}\" needs a context document.", nameof(reference));
        }

        var target = LexiconReference.Normalize(reference, context?.Value ?? string.Empty)
            ?? throw new ArgumentException($"\"{reference}\" is not a reference (nsid, nsid#name or #name).", nameof(reference));
        return ResolveTarget(target);
    }

    /// <summary>Lists every reference (in a <c>ref</c> or <c>union</c>) that no definition of the catalog satisfies.</summary>
    /// <returns>Entries <c>&lt;document id&gt; -&gt; &lt;target&gt;</c>, sorted; empty when the catalog is closed under references.</returns>
    public IReadOnlyList<string> FindUnresolvedReferences()
    {
        var snapshot = _snapshot;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var document in snapshot.Documents.Values)
        {
            foreach (var type in LexiconTypes.Descendants(document.Defs.Values))
            {
                var targets = type switch
                {
                    LexiconRef r => [r.Target],
                    LexiconUnion u => u.Targets,
                    _ => [],
                };
                foreach (var target in targets.Where(t => !snapshot.Defs.ContainsKey(t)))
                {
                    missing.Add($"{document.Id} -> {target}");
                }
            }
        }

        return [.. missing];
    }

    /// <summary>Finds a definition by absolute reference (<c>nsid#name</c>) or bare NSID, without allocating.</summary>
    /// <param name="target">The reference.</param>
    /// <returns>The definition, or <see langword="null"/>.</returns>
    internal LexiconType? ResolveTarget(string target) => _snapshot.Defs.GetValueOrDefault(target);

    private static LexiconCatalog CreateDefault()
    {
        var catalog = new LexiconCatalog();
        catalog.AddRange(LoadEmbeddedDocuments());
        return new LexiconCatalog(catalog) { IsReadOnly = true };
    }

    private sealed record Snapshot(Dictionary<string, LexiconDocument> Documents, Dictionary<string, LexiconType> Defs)
    {
        public static readonly Snapshot Empty = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
    }
}
