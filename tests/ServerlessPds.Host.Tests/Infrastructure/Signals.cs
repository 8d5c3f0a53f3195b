using System.Diagnostics;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>Sends POSIX signals to processes the tests started.</summary>
public static class Signals
{
    public static void Send(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
