using ServerlessPds.Pds;

namespace ServerlessPds.Protocol.Tests.Architecture;

/// <summary>Keeps the layering of docs/architecture.md: Protocol knows no Azure, ASP.NET Core or HTTP; Pds knows no Azure or ASP.NET Core.</summary>
public class DependencyDirectionTests
{
    private static readonly string[] AzureOrWeb = ["Azure", "Microsoft.Azure", "Microsoft.AspNetCore", "System.Net.Http", "Microsoft.Extensions.Http"];

    public static TheoryData<string, string[]> Layers() => new()
    {
        { "ServerlessPds.Protocol", [.. AzureOrWeb, "ServerlessPds.Pds", "ServerlessPds.Storage", "ServerlessPds.Host", "System.Net.Sockets", "System.Net.WebSockets"] },
        { "ServerlessPds.Pds", [.. AzureOrWeb, "ServerlessPds.Storage", "ServerlessPds.Host"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Assembly_ReferencesNothingForbidden(string assemblyName, string[] forbiddenPrefixes)
    {
        var assembly = assemblyName == "ServerlessPds.Protocol" ? ProtocolAssembly.Assembly : PdsAssembly.Assembly;
        var offending = assembly.GetReferencedAssemblies()
            .Select(r => r.Name ?? "")
            .Where(name => forbiddenPrefixes.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal)))
            .ToList();
        Assert.True(offending.Count == 0, $"{assemblyName} references {string.Join(", ", offending)}");
    }

    [Fact]
    public void Protocol_ReferencesNoOtherProject()
    {
        var projects = ProtocolAssembly.Assembly.GetReferencedAssemblies()
            .Where(r => r.Name!.StartsWith("ServerlessPds", StringComparison.Ordinal))
            .Select(r => r.Name);
        Assert.Empty(projects);
    }
}
