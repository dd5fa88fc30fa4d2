using System.Diagnostics;
using MarketingWorkflows.StateMachines;
using MarketingWorkflows.StateMachines.Graph;
using MarketingWorkflows.Tests.StateMachines.Porting;

namespace MarketingWorkflows.Tests.StateMachines;

/// <summary>
/// Renders DOT output with Graphviz, which rejects invalid DOT. Graphviz is a prerequisite of
/// the test run (README; .ci/run installs it).
/// </summary>
public class GraphvizTests
{
    [Fact]
    public void Dot_output_of_a_hierarchical_machine_renders_in_Graphviz()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).InitialTransition(State.B).Permit(Trigger.X, State.E).OnEntry(() => { }, "say \"hello\"");
        sm.Configure(State.B).SubstateOf(State.A).Permit(Trigger.Y, State.C);
        sm.Configure(State.C).SubstateOf(State.A).InitialTransition(State.D).PermitIf(Trigger.Z, State.B, () => true, "back\\slash");
        sm.Configure(State.D).SubstateOf(State.C);
        sm.Configure(State.E).PermitDynamic(Trigger.X, () => State.A, "choose", new() { { State.A, "yes" }, { State.C, "no" } });

        Render(UmlDotGraph.Format(sm.GetInfo())).Should().StartWith("<?xml");
        Render(UmlDotGraph.FormatDetailed(sm.GetInfo())).Should().StartWith("<?xml");
    }

    [Fact]
    public void Dot_output_of_the_phone_call_renders_in_Graphviz()
        => Render(new PhoneCall("Lokesh").ToDotGraph()).Should().Contain("<svg");

    private static string Render(string dot)
    {
        ProcessStartInfo start = new("dot", "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Graphviz's 'dot' is not installed; install it (apt-get install graphviz) to run this test.", e);
        }

        using (process)
        {
            process.StandardInput.Write(dot);
            process.StandardInput.Close();
            var svg = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.Should().Be(0, "Graphviz must accept the DOT: {0}", errors);
            errors.Should().BeEmpty();
            return svg.Result;
        }
    }
}
