using System.Threading.Tasks;
using BenchmarkDotNet.Running;

namespace MarketingWorkflows.Benchmarks;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet, except for the PostgreSQL load run (<c>postgres</c>), which needs a server
    /// and host processes of its own, and those host processes (<c>postgres-host</c>).
    /// </summary>
    private static async Task<int> Main(string[] args)
    {
        switch (args is [var first, ..] ? first : null)
        {
            case "postgres":
                return await PostgreSqlLoad.RunAsync(args);
            case "postgres-host":
                return await PostgreSqlLoad.RunHostAsync(args);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
