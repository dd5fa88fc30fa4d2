using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using MarketingWorkflows.Benchmarks.Soak;

namespace MarketingWorkflows.Benchmarks;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet, except for the PostgreSQL load run (<c>postgres</c>), which needs a server
    /// and host processes of its own, those host processes (<c>postgres-host</c>), and the
    /// analytics benchmark (<c>analytics</c>), which generates its own data set first, and the soak
    /// run of the sample host (<c>soak</c>), which starts the host and its database itself.
    /// </summary>
    private static async Task<int> Main(string[] args)
    {
        switch (args is [var first, ..] ? first : null)
        {
            case "postgres":
                return await PostgreSqlLoad.RunAsync(args);
            case "postgres-host":
                return await PostgreSqlLoad.RunHostAsync(args);
            case "analytics":
                return await AnalyticsLoad.RunAsync(args);
            case "soak":
                return await SoakRun.RunAsync(args);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
