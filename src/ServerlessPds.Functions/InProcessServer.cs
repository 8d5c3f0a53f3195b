using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ServerlessPds.Functions;

/// <summary>
/// An <see cref="IServer"/> that listens nowhere: it keeps the request pipeline the host hands it on start and runs
/// it for requests that arrive some other way (here, the function app's HTTP triggers). It takes the place of Kestrel
/// in the standalone host's composition, so the pipeline it runs is the one Kestrel would run.
/// </summary>
internal sealed class InProcessServer : IServer
{
    private Func<IFeatureCollection, Task>? _process;

    /// <inheritdoc/>
    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>Runs the pipeline for one request whose features (request, response, connection) are <paramref name="features"/>.</summary>
    /// <param name="features">The request's features.</param>
    /// <returns>A task that completes when the pipeline has answered.</returns>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Task ProcessAsync(IFeatureCollection features) =>
        (_process ?? throw new InvalidOperationException("The PDS application has not been started."))(features);

    /// <inheritdoc/>
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _process = async features =>
        {
            var context = application.CreateContext(features);
            Exception? failure = null;
            try
            {
                await application.ProcessRequestAsync(context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
                throw;
            }
            finally
            {
                application.DisposeContext(context, failure);
            }
        };
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _process = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _process = null;
}
