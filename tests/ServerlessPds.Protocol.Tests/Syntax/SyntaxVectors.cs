using ServerlessPds.Protocol.Tests.Interop;
using Xunit.Abstractions;

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

/// <summary>One case of a syntax vector file: the file, the case's 1-based position among the cases, and the text.</summary>
public sealed class SyntaxVector : IXunitSerializable
{
    public SyntaxVector()
    {
        File = string.Empty;
        Value = string.Empty;
    }

    public SyntaxVector(string file, int number, string value)
    {
        File = file;
        Number = number;
        Value = value;
    }

    public string File { get; private set; }

    public int Number { get; private set; }

    public string Value { get; private set; }

    public void Deserialize(IXunitSerializationInfo info)
    {
        File = info.GetValue<string>(nameof(File));
        Number = info.GetValue<int>(nameof(Number));
        Value = info.GetValue<string>(nameof(Value));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(File), File);
        info.AddValue(nameof(Number), Number);
        info.AddValue(nameof(Value), Value);
    }

    public override string ToString() =>
        $"{File} #{Number}: \"{(Value.Length > 60 ? Value[..60] + $"…({Value.Length} chars)" : Value)}\"";
}
