using System.CommandLine;
using System.CommandLine.Invocation;

namespace ServerlessPds.Cli;

/// <summary>
/// The <c>pds</c> operator command line. Builds the command tree and runs it against the given writers, so that tests
/// can run it in-process and read what it prints.
/// </summary>
/// <remarks>
/// Exit codes: <see cref="ExitSuccess"/> (0) when the command did what was asked, <see cref="ExitFailure"/> (1) when the
/// input is bad or a check fails (one line on standard error names the problem), <see cref="ExitUsage"/> (2) for usage
/// errors (unknown command or option, missing argument, malformed option value).
/// </remarks>
internal static class PdsCli
{
    /// <summary>The exit code of success.</summary>
    internal const int ExitSuccess = 0;

    /// <summary>The exit code of a bad input file or a failed check.</summary>
    internal const int ExitFailure = 1;

    /// <summary>The exit code of a usage error.</summary>
    internal const int ExitUsage = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="output">Where reports go (standard output).</param>
    /// <param name="error">Where errors go (standard error).</param>
    /// <param name="cancellationToken">A token that cancels the command.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("pds: the ServerlessPds operator tool.")
        {
            CarCommands.Create(output, error),
        };
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"pds: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'pds --help' for usage.").ConfigureAwait(false);
            return ExitUsage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
