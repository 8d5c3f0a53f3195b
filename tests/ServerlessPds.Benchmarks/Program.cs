using ServerlessPds.Benchmarks.Engine;

return args.FirstOrDefault() switch
{
    "engine" => await EngineBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Usage: ServerlessPds.Benchmarks <mode> [options]. Modes: engine.");
    return 2;
}
