namespace ServerlessPds.Protocol;

/// <summary>Identifies the Protocol assembly, for tests that inspect its references.</summary>
public static class ProtocolAssembly
{
    /// <summary>Gets the Protocol assembly.</summary>
    public static System.Reflection.Assembly Assembly => typeof(ProtocolAssembly).Assembly;
}
