using ServerlessPds.Storage.Azure.Common;
using Xunit;

namespace ServerlessPds.Testing.Azurite;

/// <summary>
/// An xunit fixture (use it as a collection fixture) that starts one in-memory Azurite for a test collection and stops
/// it afterwards; it hands out a <see cref="StorageConnection"/> and unique table and container names.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;
    private int _counter;

    /// <summary>Gets the running server.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException("The Azurite fixture is not initialized.");

    /// <summary>Gets the connection string of the running server.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>Gets a connection to the running server with the default client options.</summary>
    public StorageConnection Connection { get; private set; } = null!;

    /// <summary>Starts Azurite.</summary>
    /// <returns>A task that completes when Azurite answers.</returns>
    public async Task InitializeAsync()
    {
        _server = await AzuriteServer.StartNewAsync().ConfigureAwait(false);
        Connection = StorageConnection.FromConnectionString(_server.ConnectionString);
    }

    /// <summary>Stops Azurite.</summary>
    /// <returns>A task that completes when Azurite has exited.</returns>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Returns a table name unique within this fixture, e.g. <c>t3head</c>.</summary>
    /// <param name="hint">Letters and digits to include for readability.</param>
    /// <returns>A valid table name.</returns>
    public string NewTableName(string hint = "t") => $"t{Interlocked.Increment(ref _counter)}{hint}";

    /// <summary>Returns a container name unique within this fixture, e.g. <c>c3-blobs</c>.</summary>
    /// <param name="hint">Lowercase letters and digits to include for readability.</param>
    /// <returns>A valid container name.</returns>
    public string NewContainerName(string hint = "blobs") => $"c{Interlocked.Increment(ref _counter)}-{hint}";
}
