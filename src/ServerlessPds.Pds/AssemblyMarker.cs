namespace ServerlessPds.Pds;

/// <summary>Identifies the Pds assembly, for tests that inspect its references.</summary>
public static class PdsAssembly
{
    /// <summary>Gets the Pds assembly.</summary>
    public static System.Reflection.Assembly Assembly => typeof(PdsAssembly).Assembly;
}
