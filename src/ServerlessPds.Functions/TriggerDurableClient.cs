using Microsoft.DurableTask.Client;

namespace ServerlessPds.Functions;

/// <summary>
/// The Durable Task client of the HTTP trigger being answered (the extension gives it to the trigger as its
/// <c>[DurableClient]</c> binding), for the entity serialiser (<see cref="Durable.DurableClientRepoWriteSerializer"/>)
/// deep in the request pipeline: an async-local value set around the pipeline's run.
/// </summary>
internal static class TriggerDurableClient
{
    private static readonly AsyncLocal<DurableTaskClient?> CurrentClient = new();

    /// <summary>Gets the client of the trigger whose request is being answered, or <see langword="null"/> outside one.</summary>
    public static DurableTaskClient? Current => CurrentClient.Value;

    /// <summary>Runs <paramref name="run"/> with <paramref name="client"/> as <see cref="Current"/>.</summary>
    /// <param name="client">The trigger's client, or <see langword="null"/>.</param>
    /// <param name="run">The work.</param>
    /// <returns>A task that completes when the work has.</returns>
    public static async Task RunAsync(DurableTaskClient? client, Func<Task> run)
    {
        CurrentClient.Value = client;
        await run().ConfigureAwait(false);
    }
}
