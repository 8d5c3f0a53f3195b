using System.Globalization;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>Reads Linux <c>/proc</c>: the descendants of a process, and whether a process is still running.</summary>
public static class ProcessTree
{
    /// <summary>A process: its id, start time (clock ticks since boot, telling a reused id apart) and state letter.</summary>
    public sealed record Entry(int Id, int ParentId, long StartTime, char State, string Command);

    /// <summary>Gets every running descendant of <paramref name="rootId"/> (children, their children, ...).</summary>
    public static IReadOnlyList<Entry> Descendants(int rootId)
    {
        var all = Snapshot();
        var found = new List<Entry>();
        var frontier = new Queue<int>([rootId]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var child in all.Where(p => p.ParentId == parent))
            {
                found.Add(child);
                frontier.Enqueue(child.Id);
            }
        }

        return found;
    }

    /// <summary>Tells whether the process is still running: present with the same start time and not a zombie.</summary>
    public static bool IsRunning(Entry process)
    {
        var now = Read(process.Id);
        return now is not null && now.StartTime == process.StartTime && now.State != 'Z' && now.State != 'X';
    }

    private static List<Entry> Snapshot() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is not null && name.All(char.IsAsciiDigit))
            .Select(name => Read(int.Parse(name!, CultureInfo.InvariantCulture)))
            .OfType<Entry>()
            .ToList();

    private static Entry? Read(int id)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid pgrp ... starttime(22nd field) ..."; comm may contain spaces.
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var close = stat.LastIndexOf(')');
            var command = stat[(stat.IndexOf('(') + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            return new Entry(id, int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture), fields[0][0], command);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
