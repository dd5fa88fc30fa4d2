using MarketingWorkflows.StateMachines;
using Kernel = MarketingWorkflows.StateMachines.StateMachine<int, int>;
using Reference = Stateless.StateMachine<int, int>;

namespace MarketingWorkflows.Conformance.Tests;

/// <summary>
/// Pins each difference from Stateless 5.20.1 that the kernel keeps on purpose (docs/state-machines.md,
/// "Porting from Stateless"): each test shows what Stateless does and what the kernel does instead,
/// so a Stateless release that changes its side makes the test fail.
/// </summary>
public class DeliberateDifferenceTests
{
    [Fact]
    public void Unhandled_trigger_throws_a_TriggerNotPermittedException_with_Stateless_message()
    {
        var reference = new Reference(0);
        reference.Configure(0).PermitIf(1, 1, () => false, "never");
        var kernel = new Kernel(0);
        kernel.Configure(0).PermitIf(1, 1, () => false, "never");

        foreach (var trigger in new[] { 1, 2 })
        {
            var expected = Record.Exception(() => reference.Fire(trigger));
            var actual = Record.Exception(() => kernel.Fire(trigger));

            expected.Should().BeOfType<InvalidOperationException>();
            actual.Should().BeOfType<TriggerNotPermittedException>().Which.Message.Should().Be(expected!.Message);
        }
    }

    [Fact]
    public void Immediate_mode_follows_an_initial_transition_once_where_Stateless_loops()
    {
        var referenceSteps = 0;
        var reference = new Reference(0, Stateless.FiringMode.Immediate);
        reference.Configure(0).Permit(1, 1);
        reference.Configure(1).InitialTransition(2);
        reference.Configure(2).SubstateOf(1);
        reference.OnTransitioned(_ =>
        {
            // Without this, Stateless recurses until the stack overflows.
            if (++referenceSteps > 100)
            {
                throw new RunawayException();
            }
        });
        var kernelLog = new List<string>();
        var kernel = new Kernel(0, FiringMode.Immediate);
        kernel.Configure(0).Permit(1, 1);
        kernel.Configure(1).InitialTransition(2);
        kernel.Configure(2).SubstateOf(1);
        kernel.OnTransitioned(t => kernelLog.Add($"{t.Source}->{t.Destination}"));

        var runaway = () => reference.Fire(1);
        kernel.Fire(1);

        runaway.Should().Throw<RunawayException>();
        kernel.State.Should().Be(2);
        kernelLog.Should().Equal("0->1", "1->2");
    }

    [Fact]
    public void Queued_triggers_of_a_failed_Fire_are_discarded_where_Stateless_runs_them_at_the_next_Fire()
    {
        var (reference, referenceLog) = QueuedFailure(new Reference(0, Stateless.FiringMode.Queued));
        var kernelLog = new List<string>();
        var kernel = new Kernel(0, FiringMode.Queued);
        kernel.Configure(0).Permit(1, 1).Permit(3, 3);
        kernel.Configure(1).OnEntry(() => { kernel.Fire(9); kernel.Fire(2); }).Permit(2, 2);
        kernel.OnTransitioned(t => kernelLog.Add($"{t.Source}->{t.Destination} by {t.Trigger}"));

        reference.Invoking(r => r.Fire(1)).Should().Throw<InvalidOperationException>();
        kernel.Invoking(k => k.Fire(1)).Should().Throw<TriggerNotPermittedException>();
        referenceLog.Clear();
        kernelLog.Clear();

        // Stateless first runs the 2 left in its queue, then refuses 3 in state 2.
        reference.Invoking(r => r.Fire(3)).Should().Throw<InvalidOperationException>();
        referenceLog.Should().Equal("1->2 by 2");
        reference.State.Should().Be(2);

        kernel.Invoking(k => k.Fire(3)).Should().Throw<TriggerNotPermittedException>();
        kernelLog.Should().BeEmpty();
        kernel.State.Should().Be(1);
    }

    [Fact]
    public void Null_for_a_value_type_argument_is_refused_with_an_ArgumentException_where_Stateless_throws_a_NullReferenceException()
    {
        var reference = new Reference(0);
        var referenceTrigger = reference.SetTriggerParameters<int>(1);
        reference.Configure(0).PermitIf(referenceTrigger, 1, n => n > 0);
        var kernel = new Kernel(0);
        var kernelTrigger = kernel.SetTriggerParameters<int>(1);
        kernel.Configure(0).PermitIf(kernelTrigger, 1, n => n > 0);

        var expected = Record.Exception(() => reference.Fire(referenceTrigger, [null!]));
        var actual = Record.Exception(() => kernel.Fire(kernelTrigger, [null!]));

        expected.Should().BeOfType<NullReferenceException>();
        actual.Should().BeOfType<ArgumentException>().Which.Message.Should().Be("The argument in position 0 is null but must be of type System.Int32.");
    }

    [Fact]
    public void Sync_Fire_refuses_an_async_action_before_anything_runs_where_Stateless_runs_the_path_up_to_it()
    {
        var referenceLog = new List<string>();
        var reference = new Reference(0);
        reference.Configure(0).Permit(1, 1).OnExit(() => referenceLog.Add("exit 0"));
        reference.Configure(1).OnEntryAsync(() => Task.CompletedTask);
        var kernelLog = new List<string>();
        var kernel = new Kernel(0);
        kernel.Configure(0).Permit(1, 1).OnExit(() => kernelLog.Add("exit 0"));
        kernel.Configure(1).OnEntryAsync(() => Task.CompletedTask);

        reference.Invoking(r => r.Fire(1)).Should().Throw<InvalidOperationException>();
        kernel.Invoking(k => k.Fire(1)).Should().Throw<InvalidOperationException>().WithMessage("*FireAsync*");

        referenceLog.Should().Equal("exit 0");
        kernelLog.Should().BeEmpty();
        kernel.State.Should().Be(0);
    }

    [Fact]
    public void An_initial_transition_to_a_state_that_is_not_a_substate_is_refused_before_the_machine_moves()
    {
        var referenceLog = new List<string>();
        var reference = new Reference(0);
        reference.Configure(0).Permit(1, 1).OnExit(() => referenceLog.Add("exit 0"));
        reference.Configure(1).InitialTransition(2);
        var kernelLog = new List<string>();
        var kernel = new Kernel(0);
        kernel.Configure(0).Permit(1, 1).OnExit(() => kernelLog.Add("exit 0"));
        kernel.Configure(1).InitialTransition(2);

        reference.Invoking(r => r.Fire(1)).Should().Throw<InvalidOperationException>();
        kernel.Invoking(k => k.Fire(1)).Should().Throw<InvalidOperationException>().WithMessage("*'2', which is not a substate of '1'*");

        referenceLog.Should().Equal("exit 0");
        kernelLog.Should().BeEmpty();
        kernel.State.Should().Be(0);
    }

    [Fact]
    public void A_second_different_superstate_is_refused_where_Stateless_accepts_it()
    {
        var reference = new Reference(0);
        reference.Configure(2).SubstateOf(0);
        var kernel = new Kernel(0);
        kernel.Configure(2).SubstateOf(0);

        reference.Invoking(r => r.Configure(2).SubstateOf(1)).Should().NotThrow();
        kernel.Invoking(k => k.Configure(2).SubstateOf(1)).Should().Throw<ArgumentException>().WithMessage("*already a substate of '0'*");
    }

    [Fact]
    public void A_frozen_definition_does_not_grow_when_a_machine_visits_a_state_never_configured()
    {
        var reference = new Reference(0);
        reference.Configure(1).Permit(1, 2);
        var definition = StateMachineDefinition<int, int>.Create(m => m.Configure(1).Permit(1, 2));
        var kernel = definition.CreateMachine(0);

        reference.CanFire(1);
        kernel.CanFire(1);

        reference.GetInfo().States.Select(s => (int)s.UnderlyingState).Should().BeEquivalentTo([0, 1, 2]);
        kernel.GetInfo().States.Select(s => (int)s.UnderlyingState).Should().BeEquivalentTo([1, 2]);
        definition.GetInfo(0).States.Should().HaveCount(2);
    }

    private static (Reference Machine, List<string> Log) QueuedFailure(Reference machine)
    {
        // From 1, the entry action queues 9 (not permitted) and then 2.
        var log = new List<string>();
        machine.Configure(0).Permit(1, 1).Permit(3, 3);
        machine.Configure(1).OnEntry(() => { machine.Fire(9); machine.Fire(2); }).Permit(2, 2);
        machine.OnTransitioned(t => log.Add($"{t.Source}->{t.Destination} by {t.Trigger}"));
        return (machine, log);
    }
}
