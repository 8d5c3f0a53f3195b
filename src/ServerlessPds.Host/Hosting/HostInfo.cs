using System.Reflection;

namespace ServerlessPds.Host.Hosting;

/// <summary>Facts about this build of the host.</summary>
public static class HostInfo
{
    /// <summary>The process exit code for invalid configuration (sysexits.h <c>EX_CONFIG</c>).</summary>
    public const int InvalidConfigurationExitCode = 78;

    /// <summary>Gets the version reported by <c>/xrpc/_health</c>, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } =
        typeof(HostInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
