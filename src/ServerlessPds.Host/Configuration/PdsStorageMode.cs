namespace ServerlessPds.Host.Configuration;

/// <summary>Where the PDS keeps accounts, repos and events (<c>Pds__Storage__Mode</c>).</summary>
public enum PdsStorageMode
{
    /// <summary>Azure Table and Blob Storage (the connection string or endpoints of <c>Pds:Storage</c>).</summary>
    Azure,

    /// <summary>In process memory: everything is lost when the process stops. For tests and local development.</summary>
    Memory,
}
