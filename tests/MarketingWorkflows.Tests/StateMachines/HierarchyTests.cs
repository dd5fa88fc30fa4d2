using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class HierarchyTests
{
    // A
    // ├── B
    // │   └── C
    // └── D
    // E
    private static (StateMachine<State, Trigger> Machine, List<string> Log) Tree(State initial)
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(initial);
        foreach (var state in Enum.GetValues<State>())
        {
            sm.Configure(state)
                .OnEntry(() => log.Add("enter " + state))
                .OnExit(() => log.Add("exit " + state));
        }

        sm.Configure(State.B).SubstateOf(State.A);
        sm.Configure(State.C).SubstateOf(State.B);
        sm.Configure(State.D).SubstateOf(State.A);
        return (sm, log);
    }

    [Fact]
    public void Superstate_permit_targeting_the_current_substate_does_nothing()
    {
        var (sm, log) = Tree(State.B);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        var transitions = new List<string>();
        sm.OnTransitioned(t => transitions.Add($"{t.Source}->{t.Destination}"));
        sm.OnTransitionCompleted(t => transitions.Add($"completed {t.Source}->{t.Destination}"));

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.B);
        log.Should().BeEmpty();
        transitions.Should().BeEmpty();
    }

    [Fact]
    public void Fire_from_substate_runs_parent_exit_last()
    {
        var (sm, log) = Tree(State.C);
        sm.Configure(State.C).Permit(Trigger.X, State.E);

        sm.Fire(Trigger.X);

        log.Should().Equal("exit C", "exit B", "exit A", "enter E");
    }

    [Fact]
    public void Entering_a_nested_state_runs_parent_entry_first()
    {
        var (sm, log) = Tree(State.E);
        sm.Configure(State.E).Permit(Trigger.X, State.C);

        sm.Fire(Trigger.X);

        log.Should().Equal("exit E", "enter A", "enter B", "enter C");
    }

    [Fact]
    public void Moving_between_siblings_leaves_the_parent_alone()
    {
        var (sm, log) = Tree(State.B);
        sm.Configure(State.B).Permit(Trigger.X, State.D);

        sm.Fire(Trigger.X);

        log.Should().Equal("exit B", "enter D");
        sm.IsInState(State.A).Should().BeTrue();
    }

    [Fact]
    public void Moving_from_a_deep_substate_to_a_cousin_exits_up_to_the_common_ancestor()
    {
        var (sm, log) = Tree(State.C);
        sm.Configure(State.C).Permit(Trigger.X, State.D);

        sm.Fire(Trigger.X);

        log.Should().Equal("exit C", "exit B", "enter D");
    }

    [Fact]
    public void Moving_from_a_substate_to_its_superstate_exits_the_substate_only()
    {
        var (sm, log) = Tree(State.C);
        sm.Configure(State.C).Permit(Trigger.X, State.A);

        sm.Fire(Trigger.X);

        log.Should().Equal("exit C", "exit B");
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void Moving_from_a_superstate_into_its_substate_enters_the_substate_only()
    {
        var (sm, log) = Tree(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.C);

        sm.Fire(Trigger.X);

        log.Should().Equal("enter B", "enter C");
    }

    [Fact]
    public void A_superstate_handles_triggers_its_substate_does_not()
    {
        var (sm, _) = Tree(State.C);
        sm.Configure(State.A).Permit(Trigger.X, State.E);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.E);
    }

    [Fact]
    public void A_substate_handler_wins_over_its_parent()
    {
        var (sm, _) = Tree(State.B);
        sm.Configure(State.A).Permit(Trigger.X, State.E);
        sm.Configure(State.B).Permit(Trigger.X, State.D);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.D);
    }

    [Fact]
    public void A_substate_with_an_unmet_guard_falls_back_to_its_parent()
    {
        var (sm, _) = Tree(State.B);
        sm.Configure(State.A).Permit(Trigger.X, State.E);
        sm.Configure(State.B).PermitIf(Trigger.X, State.D, () => false);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.E);
    }

    [Fact]
    public void Cyclic_superstates_are_refused_when_configured()
    {
        var (sm, _) = Tree(State.A);

        var act = () => sm.Configure(State.A).SubstateOf(State.C);
        var self = () => sm.Configure(State.E).SubstateOf(State.E);

        act.Should().Throw<ArgumentException>().WithMessage("*cycle*");
        self.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_state_has_only_one_superstate()
    {
        var (sm, _) = Tree(State.A);

        var act = () => sm.Configure(State.C).SubstateOf(State.D);

        act.Should().Throw<ArgumentException>().WithMessage("*already a substate of 'B'*");
    }

    [Fact]
    public void Initial_transitions_descend_after_entering_the_superstate()
    {
        var (sm, log) = Tree(State.E);
        sm.Configure(State.A).InitialTransition(State.B);
        sm.Configure(State.B).InitialTransition(State.C);
        sm.Configure(State.E).Permit(Trigger.X, State.A);
        var transitions = new List<string>();
        sm.OnTransitioned(t => transitions.Add($"{t.Source}->{t.Destination}"));
        var completed = new List<string>();
        sm.OnTransitionCompleted(t => completed.Add($"{t.Source}->{t.Destination}"));

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.C);
        log.Should().Equal("exit E", "enter A", "enter B", "enter C");
        transitions.Should().Equal("E->A", "A->B", "B->C");
        completed.Should().Equal("E->C");
    }

    [Fact]
    public void Initial_transition_entry_actions_receive_an_InitialTransition()
    {
        var sm = new StateMachine<State, Trigger>(State.E);
        StateMachine<State, Trigger>.Transition? seen = null;
        sm.Configure(State.A).InitialTransition(State.B);
        sm.Configure(State.B).SubstateOf(State.A).OnEntry(t => seen = t);
        sm.Configure(State.E).Permit(Trigger.X, State.A);

        sm.Fire(Trigger.X);

        seen.Should().BeOfType<StateMachine<State, Trigger>.InitialTransition>();
        seen!.Source.Should().Be(State.E);
        seen.Destination.Should().Be(State.B);
    }

    [Fact]
    public void Initial_transition_to_a_state_that_is_not_a_substate_fails_before_moving()
    {
        var (sm, log) = Tree(State.E);
        sm.Configure(State.A).InitialTransition(State.E);
        sm.Configure(State.E).Permit(Trigger.X, State.A);

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("*'E', which is not a substate of 'A'*");
        sm.State.Should().Be(State.E);
        log.Should().BeEmpty();
    }

    [Fact]
    public void Freeze_refuses_an_initial_transition_to_a_state_that_is_not_a_substate()
    {
        var (sm, _) = Tree(State.E);
        sm.Configure(State.B).InitialTransition(State.D);

        var act = () => sm.Freeze();

        act.Should().Throw<InvalidOperationException>().WithMessage("*not a substate of 'B'*");
    }

    [Fact]
    public void Reentry_of_a_superstate_from_its_substate_exits_both_and_enters_the_superstate()
    {
        var (sm, log) = Tree(State.B);
        sm.Configure(State.A).PermitReentry(Trigger.X);

        sm.Fire(Trigger.X);

        log.Should().Equal("exit B", "exit A", "enter A");
        sm.State.Should().Be(State.A);
    }
}
