using System.IO;
using System.Runtime.CompilerServices;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>The two runners must do the same thing; only the library they call differs.</summary>
public class RunnerSourceTests
{
    [Fact]
    public void KernelRunner_is_ReferenceRunner_with_the_library_swapped()
    {
        var folder = Path.GetDirectoryName(ThisFile())!;
        var reference = File.ReadAllLines(Path.Combine(folder, "ReferenceRunner.cs")).Skip(2)
            .Select(line => line
                .Replace("using Library = Stateless;", "using Library = MarketingWorkflows.StateMachines;", StringComparison.Ordinal)
                .Replace("using LibraryInfo = Stateless.Reflection;", "using LibraryInfo = MarketingWorkflows.StateMachines.Reflection;", StringComparison.Ordinal)
                .Replace("using SM = Stateless.StateMachine<int, int>;", "using SM = MarketingWorkflows.StateMachines.StateMachine<int, int>;", StringComparison.Ordinal)
                .Replace("ReferenceRunner", "KernelRunner", StringComparison.Ordinal));
        var kernel = File.ReadAllLines(Path.Combine(folder, "KernelRunner.cs")).Skip(2);

        kernel.Should().Equal(reference);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
