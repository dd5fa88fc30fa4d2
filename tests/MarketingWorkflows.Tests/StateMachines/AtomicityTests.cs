using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class AtomicityTests
{
    [Fact]
    public void When_a_guard_throws_the_state_is_unchanged()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => throw new InvalidOperationException("guard broke"));

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("guard broke");
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void When_an_exit_action_throws_the_state_is_unchanged_and_nothing_is_entered()
    {
        var entered = false;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B).OnExit(() => throw new InvalidOperationException("exit broke"));
        sm.Configure(State.B).OnEntry(() => entered = true);

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("exit broke");
        sm.State.Should().Be(State.A);
        entered.Should().BeFalse();
    }

    [Fact]
    public void When_a_destination_selector_throws_the_state_is_unchanged()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitDynamic(Trigger.X, () => throw new InvalidOperationException("selector broke"));

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>();
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void When_an_entry_action_throws_the_machine_stays_in_the_entered_state_and_completion_is_not_reported()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B)
            .OnEntry(() => throw new InvalidOperationException("entry broke"))
            .OnEntry(() => log.Add("second entry action"))
            .Permit(Trigger.Y, State.C);
        sm.OnTransitioned(t => log.Add("transitioned"));
        sm.OnTransitionCompleted(t => log.Add("completed"));

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("entry broke");
        sm.State.Should().Be(State.B);
        log.Should().Equal("transitioned");

        // The machine remains usable from the state it reached.
        sm.Fire(Trigger.Y);
        sm.State.Should().Be(State.C);
    }

    [Fact]
    public void When_an_entry_action_throws_during_initial_descent_the_machine_is_in_the_state_being_entered()
    {
        var sm = new StateMachine<State, Trigger>(State.E);
        sm.Configure(State.E).Permit(Trigger.X, State.A);
        sm.Configure(State.A).InitialTransition(State.B);
        sm.Configure(State.B).SubstateOf(State.A).InitialTransition(State.C).OnEntry(() => throw new InvalidOperationException("B broke"));
        sm.Configure(State.C).SubstateOf(State.B);

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>();
        sm.State.Should().Be(State.B);
    }
}
