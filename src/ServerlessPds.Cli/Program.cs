using ServerlessPds.Cli;

return await PdsCli.RunAsync(args, Console.Out, Console.Error);
