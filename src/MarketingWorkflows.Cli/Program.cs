using System;
using MarketingWorkflows.Cli;

return await MwfCommand.RunAsync(args, Console.Out, Console.Error, Terminal.SupportsColor()).ConfigureAwait(false);
