namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>Gets the repository root: the nearest ancestor of the test binaries holding ServerlessPds.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Gets the build configuration the tests were compiled in (and so the one the host was built in).</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServerlessPds.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ServerlessPds.sln above {AppContext.BaseDirectory}");
    }
}
