using Microsoft.AspNetCore.Mvc;

namespace ServerlessPds.Functions;

/// <summary>The result of every HTTP trigger: the standalone host's pipeline answers the request (<see cref="PdsApplication.InvokeAsync"/>).</summary>
/// <param name="application">The application that answers.</param>
public sealed class PdsPipelineResult(PdsApplication application) : IActionResult
{
    /// <inheritdoc/>
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return application.InvokeAsync(context.HttpContext);
    }
}
