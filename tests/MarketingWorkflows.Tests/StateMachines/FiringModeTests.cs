using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class FiringModeTests
{
    [Fact]
    public void Queued_trigger_fired_inside_an_action_runs_after_the_transition_completes()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B)
            .OnEntry(() =>
            {
                sm.Fire(Trigger.Y);
                log.Add("entered B, still in " + sm.State);
            })
            .Permit(Trigger.Y, State.C);
        sm.OnTransitionCompleted(t => log.Add($"completed {t.Source}->{t.Destination}"));

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.C);
        log.Should().Equal("entered B, still in B", "completed A->B", "completed B->C");
    }

    [Fact]
    public void Immediate_trigger_fired_inside_an_action_runs_at_once()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A, FiringMode.Immediate);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B)
            .OnEntry(() =>
            {
                sm.Fire(Trigger.Y);
                log.Add("after nested fire, in " + sm.State);
            })
            .Permit(Trigger.Y, State.C);
        sm.OnTransitionCompleted(t => log.Add($"completed {t.Source}->{t.Destination}"));

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.C);
        log.Should().Equal("completed B->C", "after nested fire, in C", "completed A->C");
    }

    [Fact]
    public void Immediate_fire_in_entry_stops_the_initial_descent_of_the_outer_transition()
    {
        var sm = new StateMachine<State, Trigger>(State.E, FiringMode.Immediate);
        sm.Configure(State.E).Permit(Trigger.X, State.A);
        sm.Configure(State.A).InitialTransition(State.B).OnEntry(() => sm.Fire(Trigger.Y)).Permit(Trigger.Y, State.D);
        sm.Configure(State.B).SubstateOf(State.A);
        sm.Configure(State.D);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.D);
    }

    [Fact]
    public void Queued_triggers_are_discarded_when_the_transition_that_queued_them_fails()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B)
            .OnEntry(() =>
            {
                sm.Fire(Trigger.Y);
                throw new InvalidOperationException("entry failed");
            })
            .Permit(Trigger.Y, State.C)
            .Permit(Trigger.Z, State.D);

        var act = () => sm.Fire(Trigger.X);
        act.Should().Throw<InvalidOperationException>().WithMessage("entry failed");

        sm.State.Should().Be(State.B);
        sm.Fire(Trigger.Z);
        sm.State.Should().Be(State.D);
    }
}
