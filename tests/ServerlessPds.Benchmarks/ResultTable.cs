using System.Globalization;

namespace ServerlessPds.Benchmarks;

/// <summary>Collects rows of "ours vs reference" figures and prints them as a fixed-width table.</summary>
internal sealed class ResultTable(string referenceName)
{
    private readonly List<(string Name, double Ours, double? Reference, string Unit)> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(string name, double ours, double? reference, string unit) => _rows.Add((name, ours, reference, unit));

    public void Note(string note) => _notes.Add(note);

    public void Check(string what, bool ok) => _notes.Add($"{(ok ? "ok  " : "FAIL")} {what}");

    public void Print(TextWriter output, string title)
    {
        output.WriteLine(title);
        output.WriteLine($"reference: {referenceName}");
        output.WriteLine($"{"operation",-48} {"ours",14} {"reference",14} {"ratio",7}  unit");
        foreach (var (name, ours, reference, unit) in _rows)
        {
            var refText = reference is { } r ? r.ToString("N1", CultureInfo.InvariantCulture) : "-";
            var ratio = reference is { } rr && rr > 0 ? (ours / rr).ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";
            output.WriteLine($"{name,-48} {ours.ToString("N1", CultureInfo.InvariantCulture),14} {refText,14} {ratio,7}  {unit}");
        }

        foreach (var note in _notes)
        {
            output.WriteLine(note);
        }
    }
}
