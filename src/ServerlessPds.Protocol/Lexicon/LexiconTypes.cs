namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Walks the nested types of Lexicon definitions.</summary>
internal static class LexiconTypes
{
    /// <summary>Enumerates the given types and every type nested in them (properties, items, parameters, bodies, messages), depth first.</summary>
    /// <param name="roots">The types to start from.</param>
    /// <returns>The types, each root first.</returns>
    internal static IEnumerable<LexiconType> Descendants(IEnumerable<LexiconType> roots)
    {
        var stack = new Stack<LexiconType>(roots.Reverse());
        while (stack.Count > 0)
        {
            var type = stack.Pop();
            yield return type;
            foreach (var child in Children(type).Reverse())
            {
                stack.Push(child);
            }
        }
    }

    private static IEnumerable<LexiconType> Children(LexiconType type) => type switch
    {
        LexiconObject o => o.Properties.Values,
        LexiconParams p => p.Properties.Values,
        LexiconArray a => [a.Items],
        LexiconRecord r => [r.Record],
        LexiconQuery q => Present(q.Parameters, q.Output?.Schema),
        LexiconProcedure p => Present(p.Parameters, p.Input?.Schema, p.Output?.Schema),
        LexiconSubscription s => Present(s.Parameters, s.Message),
        _ => [],
    };

    private static LexiconType[] Present(params LexiconType?[] types) => [.. types.OfType<LexiconType>()];
}
