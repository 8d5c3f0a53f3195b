namespace ServerlessPds.Host.Configuration;

/// <summary>
/// The environment variable names of the host's settings, as operators type them: configuration paths with
/// <c>__</c> for <c>:</c> (e.g. <c>Pds__Storage__ConnectionString</c>), plus the standalone listening variable.
/// </summary>
public static class PdsSettingNames
{
    /// <summary>The loopback port of a standalone PDS when no <c>ASPNETCORE_URLS</c>/<c>urls</c> are configured.</summary>
    public const string PdsPort = "PDS_PORT";

    /// <summary>The standalone port used when <see cref="PdsPort"/> is not set.</summary>
    public const int DefaultPdsPort = 2583;

    /// <summary>Gets the environment variable name of a setting under <see cref="PdsOptions.SectionName"/>.</summary>
    /// <param name="path">The setting's path below the section, with <c>:</c> or <c>__</c> separators, e.g. <c>Storage:ConnectionString</c>.</param>
    /// <returns>The variable name, e.g. <c>Pds__Storage__ConnectionString</c>.</returns>
    public static string EnvironmentVariable(string path) => $"{PdsOptions.SectionName}__{path.Replace(":", "__", StringComparison.Ordinal)}";
}
