using System.Threading;
using CsCheck;
using KernelGraph = MarketingWorkflows.StateMachines.Graph;
using KernelMachine = MarketingWorkflows.StateMachines.StateMachine<string, string>;
using ReferenceGraph = Stateless.Graph;
using ReferenceMachine = Stateless.StateMachine<string, string>;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>
/// The graph text of Stateless and of the kernel, byte for byte: DOT from UmlDotGraph and
/// Mermaid from MermaidGraph, on generated machines and on one hand-built machine that has
/// every feature a graph draws, and a custom style written against GraphStyleBase on both.
/// Stateless's text is deterministic (its node order is the order of GetInfo's states), so no
/// normalisation is applied.
/// </summary>
public class GraphConformanceTests
{
    private static readonly OperationSpec DrawGraph = new(OperationKind.Graph, 0, []);

    [Fact]
    public void Dot_and_Mermaid_text_match_Stateless_on_generated_machines()
    {
        var superstates = 0;
        var decisions = 0;
        // Synchronous machines only: Stateless's GetInfo leaves transitions with asynchronous
        // guards out (a deliberate difference), and so do its diagrams.
        SeededCases.Check(
            MachineSpecGenerator.Synchronous,
            3_000,
            spec =>
            {
                // Drawn before anything runs, and (unfrozen) again after the scenario: Stateless
                // adds states the machine visits, so a frozen run is drawn before it starts only.
                var drawn = spec with
                {
                    Operations = spec.Frozen ? [DrawGraph] : [DrawGraph, .. spec.Operations, DrawGraph],
                };
                var text = string.Concat(KernelRunner.Run(drawn));
                if (text.Contains("subgraph", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref superstates);
                }

                if (text.Contains("<<choice>>", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref decisions);
                }

                return StatelessConformanceTests.Compare(drawn) is null;
            },
            spec => StatelessConformanceTests.Compare(spec with { Operations = spec.Frozen ? [DrawGraph] : [DrawGraph, .. spec.Operations, DrawGraph] }) ?? "(no difference)");

        // The generated machines must draw the interesting parts, or matching proves little.
        superstates.Should().BeGreaterThan(100);
        decisions.Should().BeGreaterThan(100);
    }

    [Fact]
    public void Dot_text_matches_Stateless_on_a_machine_with_every_graph_feature()
    {
        var reference = ReferenceGraph.UmlDotGraph.Format(Reference().GetInfo());
        var kernel = KernelGraph.UmlDotGraph.Format(Kernel().GetInfo());

        kernel.Should().Be(reference);
        kernel.Should().Contain("subgraph \"clusterIn review\"").And.Contain("shape = \"diamond\"").And.Contain("[Ready?]");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ReferenceGraph.MermaidGraphDirection.TopToBottom)]
    [InlineData(ReferenceGraph.MermaidGraphDirection.BottomToTop)]
    [InlineData(ReferenceGraph.MermaidGraphDirection.LeftToRight)]
    [InlineData(ReferenceGraph.MermaidGraphDirection.RightToLeft)]
    public void Mermaid_text_matches_Stateless_on_a_machine_with_every_graph_feature(ReferenceGraph.MermaidGraphDirection? direction)
    {
        var reference = ReferenceGraph.MermaidGraph.Format(Reference().GetInfo(), direction);
        var kernel = KernelGraph.MermaidGraph.Format(Kernel().GetInfo(), (KernelGraph.MermaidGraphDirection?)(int?)direction);

        kernel.Should().Be(reference);
        kernel.Should().Contain("Inreview : In review").And.Contain("<<choice>>");
    }

    [Fact]
    public void A_custom_style_written_against_GraphStyleBase_draws_the_same_text_on_both()
    {
        var reference = new ReferenceGraph.StateGraph(Reference().GetInfo()).ToGraph(new ReferenceListStyle());
        var kernel = new KernelGraph.StateGraph(Kernel().GetInfo()).ToGraph(new KernelListStyle());

        kernel.Should().Be(reference);
        kernel.Should().StartWith("machine\n").And.Contain("cluster In review: Drafting, Checks\n").And.Contain("Decision1 (route)");
    }

    [Fact]
    public void A_style_that_keeps_the_default_FormatAllTransitions_must_override_FormatOneTransition_on_both()
    {
        var reference = () => new ReferenceGraph.StateGraph(Reference().GetInfo()).ToGraph(new ReferenceNoTransitionStyle());
        var kernel = () => new KernelGraph.StateGraph(Kernel().GetInfo()).ToGraph(new KernelNoTransitionStyle());

        reference.Should().Throw<InvalidOperationException>();
        kernel.Should().Throw<InvalidOperationException>().WithMessage("*override FormatOneTransition*");
    }

    // The same configuration on both libraries: superstates nested two deep with entry and exit
    // actions, an entry action for one trigger, guards, a reentry, an internal transition, an
    // ignored trigger, dynamic transitions with and without possible destinations, and names
    // with spaces, colons, hyphens, quotes and a backslash.
    private static ReferenceMachine Reference()
    {
        var m = new ReferenceMachine("Idle");
        m.Configure("Idle").Permit("start", "Drafting").PermitReentry("poke").OnEntry(() => { }, "reset").Ignore("noise")
            .PermitDynamic("route", () => "Done", "route", new Stateless.Reflection.DynamicStateInfos { { "Done", "finished" }, { "Checks", "needs \"checks\"" }, { "Nowhere", "never" } })
            .PermitDynamic("jump", () => "Idle");
        m.Configure("In review").OnEntry(() => { }, "notify").OnExit(() => { }, "log").InternalTransition("comment", _ => { });
        m.Configure("Drafting").SubstateOf("In review").PermitIf("submit", "Checks", () => true, "Ready?").OnEntryFrom("start", () => { }, "open draft");
        m.Configure("Checks").SubstateOf("In review").InitialTransition("legal-check: a\\b");
        m.Configure("legal-check: a\\b").SubstateOf("Checks").Permit("approve", "Done").OnExit(() => { }, "sign");
        m.Configure("Done").Permit("reopen", "In review");
        return m;
    }

    private static KernelMachine Kernel()
    {
        var m = new KernelMachine("Idle");
        m.Configure("Idle").Permit("start", "Drafting").PermitReentry("poke").OnEntry(() => { }, "reset").Ignore("noise")
            .PermitDynamic("route", () => "Done", "route", new MarketingWorkflows.StateMachines.Reflection.DynamicStateInfos { { "Done", "finished" }, { "Checks", "needs \"checks\"" }, { "Nowhere", "never" } })
            .PermitDynamic("jump", () => "Idle");
        m.Configure("In review").OnEntry(() => { }, "notify").OnExit(() => { }, "log").InternalTransition("comment", _ => { });
        m.Configure("Drafting").SubstateOf("In review").PermitIf("submit", "Checks", () => true, "Ready?").OnEntryFrom("start", () => { }, "open draft");
        m.Configure("Checks").SubstateOf("In review").InitialTransition("legal-check: a\\b");
        m.Configure("legal-check: a\\b").SubstateOf("Checks").Permit("approve", "Done").OnExit(() => { }, "sign");
        m.Configure("Done").Permit("reopen", "In review");
        return m;
    }

    // A custom style, written once per library with the same body: a plain-text listing.
    private sealed class ReferenceListStyle : ReferenceGraph.GraphStyleBase
    {
        public override string GetPrefix() => "machine\n";

        public override string GetInitialTransition(Stateless.Reflection.StateInfo initialState) => "start at " + initialState.UnderlyingState + "\n";

        public override string FormatOneState(ReferenceGraph.State state)
            => $"state {state.StateName} entry [{string.Join(", ", state.EntryActions)}] exit [{string.Join(", ", state.ExitActions)}] leaving {state.Leaving.Count} arriving {state.Arriving.Count}\n";

        public override string FormatOneCluster(ReferenceGraph.SuperState stateInfo)
            => $"cluster {stateInfo.StateName}: {string.Join(", ", stateInfo.SubStates.Select(s => s.NodeName))}\n"
                + string.Concat(stateInfo.SubStates.Where(s => s is not ReferenceGraph.SuperState).Select(FormatOneState));

        public override string FormatOneDecisionNode(string nodeName, string label) => $"{nodeName} ({label})\n";

        public override List<string> FormatAllTransitions(List<ReferenceGraph.Transition> transitions)
            => base.FormatAllTransitions(transitions).Select((line, i) => $"{i}: {line} {transitions[i].GetType().Name} runs actions {transitions[i].ExecuteEntryExitActions}").ToList();

        public override string FormatOneTransition(string sourceNodeName, string trigger, IEnumerable<string> actions, string destinationNodeName, IEnumerable<string> guards)
            => $"{sourceNodeName} -{trigger}-> {destinationNodeName} do [{string.Join(", ", actions ?? [])}] if [{string.Join(", ", guards)}]";
    }

    private sealed class KernelListStyle : KernelGraph.GraphStyleBase
    {
        public override string GetPrefix() => "machine\n";

        public override string GetInitialTransition(MarketingWorkflows.StateMachines.Reflection.StateInfo initialState) => "start at " + initialState.UnderlyingState + "\n";

        public override string FormatOneState(KernelGraph.State state)
            => $"state {state.StateName} entry [{string.Join(", ", state.EntryActions)}] exit [{string.Join(", ", state.ExitActions)}] leaving {state.Leaving.Count} arriving {state.Arriving.Count}\n";

        public override string FormatOneCluster(KernelGraph.SuperState stateInfo)
            => $"cluster {stateInfo.StateName}: {string.Join(", ", stateInfo.SubStates.Select(s => s.NodeName))}\n"
                + string.Concat(stateInfo.SubStates.Where(s => s is not KernelGraph.SuperState).Select(FormatOneState));

        public override string FormatOneDecisionNode(string nodeName, string label) => $"{nodeName} ({label})\n";

        public override List<string> FormatAllTransitions(List<KernelGraph.Transition> transitions)
            => base.FormatAllTransitions(transitions).Select((line, i) => $"{i}: {line} {transitions[i].GetType().Name} runs actions {transitions[i].ExecuteEntryExitActions}").ToList();

        public override string FormatOneTransition(string sourceNodeName, string trigger, IEnumerable<string>? actions, string destinationNodeName, IEnumerable<string> guards)
            => $"{sourceNodeName} -{trigger}-> {destinationNodeName} do [{string.Join(", ", actions ?? [])}] if [{string.Join(", ", guards)}]";
    }

    private sealed class ReferenceNoTransitionStyle : ReferenceGraph.GraphStyleBase
    {
        public override string GetPrefix() => string.Empty;

        public override string GetInitialTransition(Stateless.Reflection.StateInfo initialState) => string.Empty;

        public override string FormatOneState(ReferenceGraph.State state) => string.Empty;

        public override string FormatOneCluster(ReferenceGraph.SuperState stateInfo) => string.Empty;

        public override string FormatOneDecisionNode(string nodeName, string label) => string.Empty;
    }

    private sealed class KernelNoTransitionStyle : KernelGraph.GraphStyleBase
    {
        public override string GetPrefix() => string.Empty;

        public override string GetInitialTransition(MarketingWorkflows.StateMachines.Reflection.StateInfo initialState) => string.Empty;

        public override string FormatOneState(KernelGraph.State state) => string.Empty;

        public override string FormatOneCluster(KernelGraph.SuperState stateInfo) => string.Empty;

        public override string FormatOneDecisionNode(string nodeName, string label) => string.Empty;
    }
}
