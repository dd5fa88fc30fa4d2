using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>
/// Builds the same generated machines on Stateless and on the kernel, runs the same steps on
/// both, and compares everything observable: state, exceptions (family and message), the trace
/// of actions and listeners, permitted triggers and the reflection model.
/// </summary>
public partial class StatelessConformanceTests
{
    /// <summary>How many generated cases CI checks (MWF_CONFORMANCE_ITER checks another number).</summary>
    private const long DefaultIterations = 20_000;

    [Fact]
    public void Kernel_behaves_like_Stateless_on_generated_machines()
    {
        var checkedCases = SeededCases.Check(MachineSpecGenerator.Machine, DefaultIterations, spec => Compare(spec) is null, Report);

        checkedCases.Should().Be(SeededCases.Iterations(DefaultIterations));
    }

    [Fact]
    public void A_case_seed_generates_the_same_machine_every_time()
    {
        var seeds = SeededCases.CaseSeeds(SeededCases.DefaultSeed, 50);

        seeds.Should().OnlyHaveUniqueItems();
        SeededCases.CaseSeeds(SeededCases.DefaultSeed, 50).Should().Equal(seeds);
        foreach (var seed in seeds)
        {
            SeededCases.Generate(MachineSpecGenerator.Machine, seed).ToCSharp()
                .Should().Be(SeededCases.Generate(MachineSpecGenerator.Machine, seed).ToCSharp());
        }
    }

    /// <summary>Returns the first difference, or null when both libraries agree.</summary>
    internal static string? Compare(MachineSpec spec)
    {
        var expected = ReferenceRunner.Run(spec);
        var actual = KernelRunner.Run(spec);
        var runaway = expected.FindIndex(line => line.Contains(nameof(RunawayException), StringComparison.Ordinal));
        if (runaway >= 0)
        {
            // Stateless loops in this step (a deliberate difference, pinned on its own): compare
            // only the steps before it.
            var end = runaway == 0 ? 0 : expected.FindLastIndex(runaway - 1, line => line.StartsWith('#')) + 1;
            expected = expected[..end];
            actual = actual[..Math.Min(end, actual.Count)];
        }

        if (spec.Frozen)
        {
            // Stateless adds a state to its configuration when the machine merely visits it; a
            // frozen definition never changes (a deliberate difference, pinned on its own).
            expected = expected.Select(WithoutUnconfiguredStates).ToList();
            actual = actual.Select(WithoutUnconfiguredStates).ToList();
        }

        var firedInStep = false;
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : "(nothing)";
            var a = i < actual.Count ? actual[i] : "(nothing)";
            if (e != a && StatelessFailsOnNull(spec, e))
            {
                // Stateless throws NullReferenceException on a null argument where the kernel
                // accepts or refuses it with an ArgumentException (a deliberate difference).
                return null;
            }

            if (e != a)
            {
                return $"line {i}\n  Stateless: {e}\n  kernel:    {a}";
            }

            firedInStep |= e.StartsWith("fire ", StringComparison.Ordinal);
            if (e.StartsWith('#'))
            {
                if (!spec.Immediate && firedInStep && e.Contains(": throws ", StringComparison.Ordinal))
                {
                    // Stateless keeps the triggers still queued by a failed step and runs them at
                    // the next Fire; the kernel discards them (a deliberate difference).
                    return null;
                }

                firedInStep = false;
            }
        }

        return null;
    }

    private static string WithoutUnconfiguredStates(string line)
        => UnconfiguredState().Replace(line, string.Empty);

    [GeneratedRegex(@" \d+\(super= subs= entry= exit= activate= deactivate= fixed= dynamic= ignored=\)")]
    private static partial Regex UnconfiguredState();

    private static bool StatelessFailsOnNull(MachineSpec spec, string expected)
    {
        if (!expected.StartsWith('#') || !expected.Contains("throws NullReferenceException", StringComparison.Ordinal))
        {
            return false;
        }

        var step = int.Parse(expected.AsSpan(1, expected.IndexOf(' ', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture);
        return spec.Operations[step].Arguments.Contains(-2);
    }

    private static string Report(MachineSpec spec)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(Compare(spec) ?? "(no difference)");
        text.AppendLine("Stateless's trace:");
        foreach (var line in ReferenceRunner.Run(spec))
        {
            text.AppendLine("  " + line);
        }

        text.AppendLine("The kernel's trace:");
        foreach (var line in KernelRunner.Run(spec))
        {
            text.AppendLine("  " + line);
        }

        text.AppendLine("Reproduction:");
        text.Append(spec.ToCSharp());
        return text.ToString();
    }
}
