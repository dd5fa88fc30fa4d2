using System;
using MarketingWorkflows.Cli;

return MwfCommand.Run(args, Console.Out, Console.Error, Terminal.SupportsColor());
