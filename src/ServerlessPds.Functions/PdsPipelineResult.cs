using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace ServerlessPds.Functions;

/// <summary>
/// The result of every HTTP trigger: the standalone host's pipeline answers the request (<see cref="PdsApplication.InvokeAsync"/>),
/// with the trigger's Durable Task client, if it has one, for the entity serialiser.
/// </summary>
/// <param name="application">The application that answers.</param>
/// <param name="durableClient">The trigger's <c>[DurableClient]</c>, or <see langword="null"/>.</param>
public sealed class PdsPipelineResult(PdsApplication application, DurableTaskClient? durableClient = null) : IActionResult
{
    /// <inheritdoc/>
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TriggerDurableClient.RunAsync(durableClient, () => application.InvokeAsync(context.HttpContext));
    }
}
