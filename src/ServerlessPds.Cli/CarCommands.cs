using System.CommandLine;
using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Cli;

/// <summary>
/// <c>pds car inspect FILE [--json]</c> and <c>pds car verify FILE [--did-key did:key:…]</c>: report on and check a
/// repository CAR file (as <c>com.atproto.sync.getRepo</c> serves it).
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository ("CAR File Serialization", "Commit Objects", "Merkle Search Tree").</remarks>
internal static class CarCommands
{
    /// <summary>Creates the <c>car</c> command.</summary>
    /// <param name="output">Where reports go.</param>
    /// <param name="error">Where the one-line failure goes.</param>
    /// <returns>The command.</returns>
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var inspectFile = FileArgument();
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var inspect = new Command("inspect", "Print a CAR's roots, commit (DID, rev, CIDs), block count, size and records per collection.")
        {
            inspectFile,
            json,
        };
        inspect.SetAction((result, token) =>
            RunAsync("car inspect", result.GetRequiredValue(inspectFile), error, c => InspectAsync(c, result.GetValue(json), output, token), token));

        var verifyFile = FileArgument();
        var didKey = new Option<string?>("--did-key")
        {
            Description = "The account's signing key (did:key:z…); when given, the commit signature must verify with it.",
            HelpName = "did:key:z…",
        };
        didKey.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !TryParseKey(text, out _, out var problem))
            {
                r.AddError($"--did-key: {problem}");
            }
        });
        var verify = new Command("verify", "Check a repository CAR: every block matches its CID, the commit decodes, the MST is well-formed and complete, and (with --did-key) the signature is valid.")
        {
            verifyFile,
            didKey,
        };
        verify.SetAction((result, token) =>
        {
            TryParseKey(result.GetValue(didKey), out var key, out _);
            return RunAsync("car verify", result.GetRequiredValue(verifyFile), error, c => VerifyAsync(c, key, output, token), token);
        });

        return new Command("car", "Inspect and verify repository CAR files.") { inspect, verify };
    }

    private static Argument<FileInfo> FileArgument() => new("FILE") { Description = "The CAR file." };

    private static bool TryParseKey(string? text, out PublicKey? key, out string problem)
    {
        key = null;
        problem = string.Empty;
        if (text is null)
        {
            return true;
        }

        try
        {
            key = PublicKey.FromDidKey(text);
            return true;
        }
        catch (KeyFormatException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static async Task<int> RunAsync(string command, FileInfo file, TextWriter error, Func<RepoCar, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(await RepoCar.LoadAsync(file, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return PdsCli.ExitSuccess;
        }
        catch (CliFailure e)
        {
            await error.WriteLineAsync($"pds {command}: {file.Name}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return PdsCli.ExitFailure;
        }
    }

    private static async Task InspectAsync(RepoCar car, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        Commit? commit = null;
        string? commitProblem = null;
        try
        {
            commit = car.ReadCommit(requireSingleRoot: false);
        }
        catch (CliFailure e)
        {
            commitProblem = e.Message;
        }

        var tree = commit is null ? null : await RepoTree.WalkAsync(car, commit, strict: false, cancellationToken).ConfigureAwait(false);
        var report = json ? InspectJson(car, commit, commitProblem, tree) : InspectText(car, commit, commitProblem, tree);
        await output.WriteAsync(report).ConfigureAwait(false);
    }

    private static string InspectText(RepoCar car, Commit? commit, string? commitProblem, RepoTreeSummary? tree)
    {
        var text = new StringWriter();
        text.WriteLine($"file       {car.Name}");
        text.WriteLine($"bytes      {car.Bytes}");
        text.WriteLine($"blocks     {car.BlockCount}");
        text.WriteLine($"roots      {(car.Roots.Count == 0 ? "(none)" : string.Join(' ', car.Roots))}");
        if (commit is null)
        {
            text.WriteLine($"commit     (none: {commitProblem})");
            return text.ToString();
        }

        text.WriteLine($"commit     {commit.Cid}");
        text.WriteLine($"did        {commit.Did}");
        text.WriteLine($"rev        {commit.Rev}");
        text.WriteLine($"version    {commit.Version}");
        text.WriteLine($"data       {commit.Data}");
        text.WriteLine($"prev       {(commit.Prev is { } prev ? prev.ToString() : "(null)")}");
        text.WriteLine($"mst nodes  {tree!.NodeCount}");
        if (tree.Problem is not null)
        {
            text.WriteLine($"records    (incomplete: {tree.Problem})");
            return text.ToString();
        }

        text.WriteLine($"records    {tree.RecordCount}{(tree.MissingRecords > 0 ? $" ({tree.MissingRecords} not in the CAR)" : string.Empty)}");
        var width = tree.Collections.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        foreach (var (collection, count) in tree.Collections)
        {
            text.WriteLine($"  {collection.PadRight(width)}  {count,8}");
        }

        text.WriteLine($"unreferenced blocks  {car.DistinctBlockCount - tree.ReachableBlocks}");
        return text.ToString();
    }

    private static string InspectJson(RepoCar car, Commit? commit, string? commitProblem, RepoTreeSummary? tree)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", car.Name);
            w.WriteNumber("bytes", car.Bytes);
            w.WriteNumber("blocks", car.BlockCount);
            w.WriteStartArray("roots");
            foreach (var root in car.Roots)
            {
                w.WriteStringValue(root.ToString());
            }

            w.WriteEndArray();
            if (commit is null)
            {
                w.WriteNull("commit");
                w.WriteString("problem", commitProblem);
            }
            else
            {
                w.WriteString("commit", commit.Cid.ToString());
                w.WriteString("did", commit.Did.Value);
                w.WriteString("rev", commit.Rev.Value);
                w.WriteNumber("version", commit.Version);
                w.WriteString("data", commit.Data.ToString());
                w.WriteString("prev", commit.Prev?.ToString());
                w.WriteNumber("mstNodes", tree!.NodeCount);
                w.WriteNumber("records", tree.RecordCount);
                w.WriteNumber("missingRecords", tree.MissingRecords);
                w.WriteStartObject("collections");
                foreach (var (collection, count) in tree.Collections)
                {
                    w.WriteNumber(collection, count);
                }

                w.WriteEndObject();
                w.WriteString("problem", tree.Problem);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static async Task VerifyAsync(RepoCar car, PublicKey? key, TextWriter output, CancellationToken cancellationToken)
    {
        var commit = car.ReadCommit(requireSingleRoot: true);
        var tree = await RepoTree.WalkAsync(car, commit, strict: true, cancellationToken).ConfigureAwait(false);
        if (key is not null && !commit.Verify(key))
        {
            throw new CliFailure($"the commit signature does not verify with {key.ToDidKey()}");
        }

        var text = new StringWriter();
        text.WriteLine($"ok         {car.Name}");
        text.WriteLine($"blocks     {car.BlockCount}, each matches its CID ({car.Bytes} bytes)");
        text.WriteLine($"commit     {commit.Cid} (v{commit.Version}, {commit.Did}, rev {commit.Rev})");
        text.WriteLine($"mst        {tree.NodeCount} nodes well-formed, {tree.RecordCount} records present");
        text.WriteLine(key is null ? "signature  not checked (give --did-key)" : $"signature  valid for {key.ToDidKey()}");
        var unreferenced = car.DistinctBlockCount - tree.ReachableBlocks;
        if (unreferenced > 0)
        {
            text.WriteLine($"note       {unreferenced} blocks are not reachable from the commit");
        }

        await output.WriteAsync(text.ToString()).ConfigureAwait(false);
    }
}
