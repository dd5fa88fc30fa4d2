using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class StateMachineDefinitionTests
{
    private static StateMachineDefinition<State, Trigger> Approval(List<string>? log = null)
        => StateMachineDefinition<State, Trigger>.Create(sm =>
        {
            sm.Configure(State.A).Permit(Trigger.X, State.B);
            sm.Configure(State.B)
                .OnEntry(() => log?.Add("entered B"))
                .Permit(Trigger.Y, State.C)
                .Permit(Trigger.Z, State.A);
            sm.Configure(State.C).Permit(Trigger.Z, State.A);
        });

    [Fact]
    public void A_machine_over_a_frozen_definition_fires_like_a_configured_one()
    {
        var log = new List<string>();
        var definition = Approval(log);

        var machine = definition.CreateMachine(State.A);
        machine.Fire(Trigger.X);

        machine.State.Should().Be(State.B);
        log.Should().Equal("entered B");
    }

    [Fact]
    public void A_machine_attaches_to_stored_state_through_accessor_and_mutator()
    {
        var definition = Approval();
        var row = new Row { State = State.B };

        var machine = definition.CreateMachine(() => row.State, s => row.State = s);
        machine.Fire(Trigger.Y);

        row.State.Should().Be(State.C);
    }

    [Fact]
    public void Configuring_a_frozen_definition_throws()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        var definition = sm.Freeze();

        var onOriginal = () => sm.Configure(State.B).Permit(Trigger.Y, State.C);
        var onCreated = () => definition.CreateMachine(State.A).Configure(State.A).Permit(Trigger.Y, State.C);
        var parameters = () => definition.CreateMachine(State.A).SetTriggerParameters<int>(Trigger.Y);

        onOriginal.Should().Throw<InvalidOperationException>().WithMessage("*frozen*");
        onCreated.Should().Throw<InvalidOperationException>().WithMessage("*frozen*");
        parameters.Should().Throw<InvalidOperationException>().WithMessage("*frozen*");
    }

    [Fact]
    public void Freezing_twice_returns_the_same_definition()
    {
        var sm = new StateMachine<State, Trigger>(State.A);

        sm.Freeze().Should().BeSameAs(sm.Freeze());
    }

    [Fact]
    public void Firing_an_unconfigured_state_on_a_frozen_definition_does_not_change_the_definition()
    {
        var definition = Approval();
        var machine = definition.CreateMachine(State.E);

        var act = () => machine.Fire(Trigger.X);

        act.Should().Throw<TriggerNotPermittedException>();
        definition.GetInfo(State.A).States.Select(s => s.UnderlyingState).Should().NotContain(State.E);
    }

    [Fact]
    public void Listeners_on_a_machine_over_a_frozen_definition_are_its_own()
    {
        var definition = Approval();
        var first = definition.CreateMachine(State.A);
        var second = definition.CreateMachine(State.A);
        var seen = new List<string>();
        first.OnTransitioned(t => seen.Add("first"));

        first.Fire(Trigger.X);
        second.Fire(Trigger.X);

        seen.Should().Equal("first");
    }

    [Fact]
    public void Listeners_registered_before_freezing_run_for_every_machine()
    {
        var seen = new List<State>();
        var definition = StateMachineDefinition<State, Trigger>.Create(sm =>
        {
            sm.Configure(State.A).Permit(Trigger.X, State.B);
            sm.OnTransitioned(t => seen.Add(t.Destination));
        });

        definition.CreateMachine(State.A).Fire(Trigger.X);
        definition.CreateMachine(State.A).Fire(Trigger.X);

        seen.Should().Equal(State.B, State.B);
    }

    [Fact]
    public void A_frozen_definition_is_safe_to_share_across_threads()
    {
        var definition = StateMachineDefinition<State, Trigger>.Create(sm =>
        {
            sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => true, "always");
            sm.Configure(State.B).SubstateOf(State.D).Permit(Trigger.Y, State.C);
            sm.Configure(State.C).SubstateOf(State.D).Permit(Trigger.Z, State.A);
            sm.Configure(State.D).InternalTransition(Trigger.X, () => { });
        });
        var failures = 0;

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var row = new Row { State = State.A };
            var machine = definition.CreateMachine(() => row.State, s => row.State = s);
            for (var i = 0; i < 2_000; i++)
            {
                machine.Fire(Trigger.X);
                machine.Fire(Trigger.X);
                machine.Fire(Trigger.Y);
                machine.Fire(Trigger.Z);
                if (row.State != State.A)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        failures.Should().Be(0);
    }

    private sealed class Row
    {
        public State State { get; set; }
    }
}
