using Kernel = MarketingWorkflows.StateMachines.StateMachine<int, int>;
using Reference = Stateless.StateMachine<int, int>;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>
/// Runs the members added for parity with Stateless 5.20.1 on both libraries, side by side, and
/// compares what each observes.
/// </summary>
public class AddedMemberConformanceTests
{
    [Fact]
    public async Task Unregistering_listeners_removes_the_same_registrations_as_Stateless()
    {
        var expected = await UnregisterScenario(
            new Reference(0),
            (m, a) => m.OnTransitioned(a), (m, a) => m.OnTransitionedUnregister(a),
            (m, f) => m.OnTransitionedAsync(f), (m, f) => m.OnTransitionedAsyncUnregister(f),
            (m, a) => m.OnTransitionCompleted(a), (m, a) => m.OnTransitionCompletedUnregister(a),
            (m, f) => m.OnTransitionCompletedAsync(f), (m, f) => m.OnTransitionCompletedAsyncUnregister(f),
            m => m.UnregisterAllCallbacks(), (m, t) => m.FireAsync(t), (m, s, t) => m.Configure(s).PermitReentry(t));
        var actual = await UnregisterScenario(
            new Kernel(0),
            (m, a) => m.OnTransitioned(a), (m, a) => m.OnTransitionedUnregister(a),
            (m, f) => m.OnTransitionedAsync(f), (m, f) => m.OnTransitionedAsyncUnregister(f),
            (m, a) => m.OnTransitionCompleted(a), (m, a) => m.OnTransitionCompletedUnregister(a),
            (m, f) => m.OnTransitionCompletedAsync(f), (m, f) => m.OnTransitionCompletedAsyncUnregister(f),
            m => m.UnregisterAllCallbacks(), (m, t) => m.FireAsync(t), (m, s, t) => m.Configure(s).PermitReentry(t));

        actual.Should().Equal(expected);
        expected.Should().Contain("fire 1: transitioned sync", "the scenario must observe listeners at all");
    }

    [Fact]
    public async Task FireAsync_with_untyped_arguments_reaches_typed_guards_and_actions_as_in_Stateless()
    {
        var referenceLog = new List<string>();
        var reference = new Reference(0);
        var referenceTrigger = reference.SetTriggerParameters<string>(1);
        reference.Configure(0).PermitIf(referenceTrigger, 1, s => s == "go", "is go");
        reference.Configure(1).OnEntryFrom(referenceTrigger, s => referenceLog.Add("entered with " + s));

        var kernelLog = new List<string>();
        var kernel = new Kernel(0);
        var kernelTrigger = kernel.SetTriggerParameters<string>(1);
        kernel.Configure(0).PermitIf(kernelTrigger, 1, s => s == "go", "is go");
        kernel.Configure(1).OnEntryFrom(kernelTrigger, s => kernelLog.Add("entered with " + s));

        var expected = await Record.ExceptionAsync(() => reference.FireAsync(1, "stop"));
        var actual = await Record.ExceptionAsync(() => kernel.FireAsync(1, "stop"));

        // Stateless's asynchronous path reports an unmet guard as "no valid leaving transitions",
        // without naming the guard as the synchronous path does; the kernel says the same.
        expected.Should().BeOfType<InvalidOperationException>();
        actual.Should().BeAssignableTo<InvalidOperationException>().Which.Message.Should().Be(expected!.Message);

        await reference.FireAsync(1, "go");
        await kernel.FireAsync(1, "go");

        kernel.State.Should().Be(reference.State).And.Be(1);
        kernelLog.Should().Equal(referenceLog).And.Equal("entered with go");
    }

    [Fact]
    public void ArgumentTypes_lists_the_declared_parameter_types_as_Stateless_does()
    {
        var reference = new Reference(0);
        var kernel = new Kernel(0);

        kernel.SetTriggerParameters<string, int, DateTimeOffset>(1).ArgumentTypes
            .Should().Equal(reference.SetTriggerParameters<string, int, DateTimeOffset>(1).ArgumentTypes)
            .And.Equal(typeof(string), typeof(int), typeof(DateTimeOffset));
        kernel.SetTriggerParameters(2, typeof(Guid)).ArgumentTypes
            .Should().Equal(reference.SetTriggerParameters(2, typeof(Guid)).ArgumentTypes);
    }

    [Fact]
    public async Task A_listener_registered_twice_runs_once_as_in_Stateless()
    {
        var referenceLog = new List<string>();
        var reference = new Reference(0);
        reference.Configure(0).PermitReentry(1);
        Action<Reference.Transition> referenceListener = _ => referenceLog.Add("transitioned");
        Func<Reference.Transition, Task> referenceAsync = _ => { referenceLog.Add("completed async"); return Task.CompletedTask; };
        reference.OnTransitioned(referenceListener);
        reference.OnTransitioned(referenceListener);
        reference.OnTransitionCompletedAsync(referenceAsync);
        reference.OnTransitionCompletedAsync(referenceAsync);

        var kernelLog = new List<string>();
        var kernel = new Kernel(0);
        kernel.Configure(0).PermitReentry(1);
        Action<Kernel.Transition> kernelListener = _ => kernelLog.Add("transitioned");
        Func<Kernel.Transition, Task> kernelAsync = _ => { kernelLog.Add("completed async"); return Task.CompletedTask; };
        kernel.OnTransitioned(kernelListener);
        kernel.OnTransitioned(kernelListener);
        kernel.OnTransitionCompletedAsync(kernelAsync);
        kernel.OnTransitionCompletedAsync(kernelAsync);

        await reference.FireAsync(1);
        await kernel.FireAsync(1);

        kernelLog.Should().Equal(referenceLog).And.Equal("transitioned", "completed async");
    }

    [Fact]
    public void DynamicTransitionInfo_Create_describes_the_transition_as_Stateless_does()
    {
        var expected = Stateless.Reflection.DynamicTransitionInfo.Create(
            7,
            [new Stateless.Reflection.InvocationInfo("IsApproved", "approved", Stateless.Reflection.InvocationInfo.Timing.Synchronous)],
            new Stateless.Reflection.InvocationInfo("ByRegion", "by region", Stateless.Reflection.InvocationInfo.Timing.Synchronous),
            new Stateless.Reflection.DynamicStateInfos { { "1", "EU" } });
        var actual = MarketingWorkflows.StateMachines.Reflection.DynamicTransitionInfo.Create(
            7,
            [new MarketingWorkflows.StateMachines.Reflection.InvocationInfo("IsApproved", "approved", MarketingWorkflows.StateMachines.Reflection.InvocationInfo.Timing.Synchronous)],
            new MarketingWorkflows.StateMachines.Reflection.InvocationInfo("ByRegion", "by region", MarketingWorkflows.StateMachines.Reflection.InvocationInfo.Timing.Synchronous),
            new MarketingWorkflows.StateMachines.Reflection.DynamicStateInfos { { "1", "EU" } });

        string Describe(object trigger, bool isInternal, IEnumerable<string> guards, string selectorDescription, IEnumerable<string> possible)
            => $"{trigger} internal={isInternal} guards={string.Join(",", guards)} selector={selectorDescription} possible={string.Join(",", possible)}";
        Describe(actual.Trigger.UnderlyingTrigger, actual.IsInternalTransition, actual.GuardConditionsMethodDescriptions.Select(g => g.Description), actual.DestinationStateSelectorDescription.Description, actual.PossibleDestinationStates.Select(p => p.DestinationState + ":" + p.Criterion))
            .Should().Be(Describe(expected.Trigger.UnderlyingTrigger, expected.IsInternalTransition, expected.GuardConditionsMethodDescriptions.Select(g => g.Description), expected.DestinationStateSelectorDescription.Description, expected.PossibleDestinationStates.Select(p => p.DestinationState + ":" + p.Criterion)))
            .And.Be("7 internal=False guards=approved selector=by region possible=1:EU");
    }

    /// <summary>
    /// Registers listeners, unregisters some (one of them twice), fires, then unregisters all and
    /// fires again; returns what ran at each firing.
    /// </summary>
    private static async Task<List<string>> UnregisterScenario<TMachine>(
        TMachine machine,
        Action<TMachine, Action<object>> onTransitioned, Action<TMachine, Action<object>> unTransitioned,
        Action<TMachine, Func<object, Task>> onTransitionedAsync, Action<TMachine, Func<object, Task>> unTransitionedAsync,
        Action<TMachine, Action<object>> onCompleted, Action<TMachine, Action<object>> unCompleted,
        Action<TMachine, Func<object, Task>> onCompletedAsync, Action<TMachine, Func<object, Task>> unCompletedAsync,
        Action<TMachine> unregisterAll, Func<TMachine, int, Task> fire, Action<TMachine, int, int> reentry)
    {
        var log = new List<string>();
        var label = "";
        reentry(machine, 0, 1);

        Action<object> transitioned = _ => log.Add(label + ": transitioned sync");
        Action<object> removedTransitioned = _ => log.Add(label + ": removed transitioned sync");
        Func<object, Task> transitionedAsync = _ => { log.Add(label + ": transitioned async"); return Task.CompletedTask; };
        Action<object> completed = _ => log.Add(label + ": completed sync");
        Func<object, Task> completedAsync = _ => { log.Add(label + ": completed async"); return Task.CompletedTask; };

        onTransitioned(machine, transitioned);
        onTransitioned(machine, removedTransitioned);
        onTransitionedAsync(machine, transitionedAsync);
        onCompleted(machine, completed);
        onCompletedAsync(machine, completedAsync);

        unTransitioned(machine, removedTransitioned);
        unCompleted(machine, completed);
        unCompletedAsync(machine, completedAsync);
        unCompletedAsync(machine, completedAsync); // no longer registered: ignored

        label = "fire 1";
        await fire(machine, 1);

        unregisterAll(machine);
        label = "fire 2";
        await fire(machine, 1);
        log.Add("end");
        return log;
    }
}
