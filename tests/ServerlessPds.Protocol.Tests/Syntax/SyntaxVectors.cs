using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Syntax;

/// <summary>Reads the official syntax vectors (tests/fixtures/interop/syntax) as theory rows.</summary>
internal static class SyntaxVectors
{
    /// <summary>
    /// Returns one row per case of the file. Rows carry the case's position, so that files listing the same string
    /// twice still give distinct rows instead of xunit skipping the repeat as a duplicate.
    /// </summary>
    public static TheoryData<SyntaxVector> Cases(string fileName) =>
        InteropVectors.Rows(All(fileName));

    public static IEnumerable<SyntaxVector> All(string fileName) =>
        InteropVectors.Lines("syntax/" + fileName).Select((line, i) => new SyntaxVector(fileName, i + 1, line));
}
