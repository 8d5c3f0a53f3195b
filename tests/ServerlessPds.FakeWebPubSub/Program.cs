
// Runs the fake as a process for the Node suite:
//   dotnet ServerlessPds.FakeWebPubSub.dll --upstream http://127.0.0.1:PDS/webpubsub/events [--hub firehose] [--port N] [--access-key KEY]
// Prints "FAKE WEBPUBSUB READY <endpoint> <connection string>" once it listens; stops on SIGTERM/SIGINT.
namespace ServerlessPds.FakeWebPubSub;

/// <summary>The entry point (not named Program, so test projects referencing both this and the host see one Program).</summary>
internal static class FakeWebPubSubProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!settings.TryGetValue("upstream", out var upstream))
        {
            Console.Error.WriteLine("usage: --upstream URL [--hub NAME] [--port N] [--access-key KEY]");
            return 2;
        }

        await using var fake = await FakeWebPubSubServer.StartAsync(
            new Uri(upstream),
            settings.GetValueOrDefault("hub", "firehose"),
            settings.GetValueOrDefault("access-key"),
            int.Parse(settings.GetValueOrDefault("port", "0"), System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine($"FAKE WEBPUBSUB READY {fake.Endpoint.GetLeftPart(UriPartial.Authority)} {fake.ConnectionString}");
        var stop = new TaskCompletionSource();
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        await stop.Task;
        foreach (var refusal in fake.Refusals)
        {
            Console.WriteLine("REFUSED " + refusal);
        }

        return 0;
    }
}
