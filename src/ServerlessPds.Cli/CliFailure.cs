namespace ServerlessPds.Cli;

/// <summary>A failure the command reports as one line on standard error, with exit code 1.</summary>
/// <param name="message">What is wrong, one line.</param>
/// <param name="innerException">The exception that revealed it, if any.</param>
internal sealed class CliFailure(string message, Exception? innerException = null) : Exception(message, innerException);
