using Xunit.Abstractions;

namespace ServerlessPds.Protocol.Tests.Syntax;

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
