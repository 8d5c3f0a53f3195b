namespace ServerlessPds.Storage.Azure;

/// <summary>Identifies the Storage.Azure assembly.</summary>
public static class StorageAzureAssembly
{
    /// <summary>Gets the Storage.Azure assembly.</summary>
    public static System.Reflection.Assembly Assembly => typeof(StorageAzureAssembly).Assembly;
}
