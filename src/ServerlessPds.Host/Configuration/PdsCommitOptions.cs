using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Host.Configuration;

/// <summary>How commits are serialised per DID (<c>Pds__Commits__*</c>); docs/architecture.md, "The repo write serialiser".</summary>
public sealed class PdsCommitOptions
{
    /// <summary>
    /// Gets or sets the serialiser: <see cref="RepoWriteSerializerMode.Cas"/> (<c>cas</c>, the default, chosen by the
    /// figures in the README) or <see cref="RepoWriteSerializerMode.Entity"/> (<c>entity</c>: a Durable Entity per DID
    /// on the Durable Task Framework's Azure Storage backend; needs <c>Pds__Storage__ConnectionString</c> with a queue endpoint).
    /// </summary>
    public RepoWriteSerializerMode Serializer { get; set; } = RepoWriteSerializerMode.Cas;

    /// <summary>Gets or sets the task hub of the entity serialiser (letters and digits, 3-45 characters), default <c>pdscommits</c>.</summary>
    public string TaskHub { get; set; } = "pdscommits";

    /// <summary>
    /// Gets a value indicating whether the host's Durable Functions extension runs the entity (the function app, task
    /// hub <c>durableTask.hubName</c> of <c>host.json</c> on <c>AzureWebJobsStorage</c>), so the entity serialiser needs
    /// no <c>Pds__Storage__ConnectionString</c> and <see cref="TaskHub"/> is not used. Not a setting: the host sets it
    /// (<see cref="RunEntityInFunctionsExtension"/>).
    /// </summary>
    public bool EntityInFunctionsExtension { get; private set; }

    /// <summary>Records that the host's Durable Functions extension runs the entity (<see cref="EntityInFunctionsExtension"/>).</summary>
    public void RunEntityInFunctionsExtension() => EntityInFunctionsExtension = true;

    /// <summary>Adds a message per bad setting to <paramref name="failures"/>.</summary>
    /// <param name="storage">The storage settings (the entity serialiser needs a connection string).</param>
    /// <param name="failures">Where problems go.</param>
    public void Validate(PdsStorageOptions storage, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(failures);
        if (Serializer == RepoWriteSerializerMode.Entity && storage.Mode != PdsStorageMode.Azure)
        {
            failures.Add("Pds__Commits__Serializer=entity needs Azure storage (Pds__Storage__Mode=azure); set it, or use cas.");
        }
        else if (Serializer == RepoWriteSerializerMode.Entity && !EntityInFunctionsExtension && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            failures.Add("Pds__Commits__Serializer=entity needs Pds__Storage__ConnectionString in the standalone host (the Durable Task backend uses its queues and tables); set it, or use cas.");
        }

        if (TaskHub.Length is < 3 or > 45 || !char.IsAsciiLetter(TaskHub[0]) || !TaskHub.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add("Pds__Commits__TaskHub must be 3-45 letters and digits, starting with a letter.");
        }
    }
}
