using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class FiringTests
{
    [Fact]
    public void Fire_moves_to_the_permitted_destination()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void External_state_is_read_and_written_through_accessor_and_mutator()
    {
        var stored = State.A;
        var sm = new StateMachine<State, Trigger>(() => stored, s => stored = s);
        sm.Configure(State.A).Permit(Trigger.X, State.B);

        sm.Fire(Trigger.X);

        stored.Should().Be(State.B);
        stored = State.A;
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void States_and_triggers_may_be_strings()
    {
        var sm = new StateMachine<string, string>("draft");
        sm.Configure("draft").Permit("submit", "review");

        sm.Fire("submit");

        sm.State.Should().Be("review");
    }

    [Fact]
    public void Unhandled_trigger_throws_naming_state_and_trigger()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);

        var act = () => sm.Fire(Trigger.Y);

        act.Should().Throw<TriggerNotPermittedException>()
            .Where(e => e.Message.Contains("'A'") && e.Message.Contains("'Y'"))
            .Which.Should().BeAssignableTo<InvalidOperationException>();
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void Unhandled_trigger_handler_replaces_the_exception()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        (State, Trigger)? seen = null;
        sm.OnUnhandledTrigger((s, t) => seen = (s, t));

        sm.Fire(Trigger.Z);

        seen.Should().Be((State.A, Trigger.Z));
    }

    [Fact]
    public void Unhandled_trigger_handler_receives_unmet_guard_descriptions()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => false, "budget is approved");
        ICollection<string>? unmet = null;
        sm.OnUnhandledTrigger((_, _, u) => unmet = u);

        sm.Fire(Trigger.X);

        unmet.Should().Equal("budget is approved");
    }

    [Fact]
    public void Ignored_trigger_does_nothing()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var exits = 0;
        sm.Configure(State.A).Ignore(Trigger.X).OnExit(() => exits++);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.A);
        exits.Should().Be(0);
    }

    [Fact]
    public void IgnoreIf_ignores_only_while_its_guard_holds()
    {
        var open = true;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).IgnoreIf(Trigger.X, () => open, "open");

        sm.Fire(Trigger.X);
        open = false;
        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("*open*");
    }

    [Fact]
    public void Permit_to_the_same_state_is_refused_when_configured()
    {
        var sm = new StateMachine<State, Trigger>(State.A);

        var act = () => sm.Configure(State.A).Permit(Trigger.X, State.A);

        act.Should().Throw<ArgumentException>().WithMessage("*PermitReentry*");
    }

    [Fact]
    public void PermitReentry_runs_exit_then_entry_of_the_same_state()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .PermitReentry(Trigger.X)
            .OnEntry(t => log.Add($"entry {t.Source}->{t.Destination} reentry={t.IsReentry}"))
            .OnExit(() => log.Add("exit"));

        sm.Fire(Trigger.X);

        log.Should().Equal("exit", "entry A->A reentry=True");
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void PermitReentryIf_respects_its_guard()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitReentryIf(Trigger.X, () => false, "never");

        sm.CanFire(Trigger.X, out var unmet).Should().BeFalse();
        unmet.Should().Equal("never");
    }

    [Fact]
    public void PermitDynamic_chooses_the_destination_when_fired()
    {
        var target = State.C;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitDynamic(Trigger.X, () => target);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.C);
    }

    [Fact]
    public void PermitDynamicIf_respects_its_guard()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .PermitDynamicIf(Trigger.X, () => State.B, () => false, "closed")
            .PermitDynamicIf(Trigger.Y, () => State.C, () => true, "open");

        sm.CanFire(Trigger.X).Should().BeFalse();
        sm.Fire(Trigger.Y);
        sm.State.Should().Be(State.C);
    }

    [Fact]
    public void PermitDynamic_to_the_current_state_is_a_reentry()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .PermitDynamic(Trigger.X, () => State.A)
            .OnEntry(() => log.Add("entry"))
            .OnExit(() => log.Add("exit"));

        sm.Fire(Trigger.X);

        log.Should().Equal("exit", "entry");
    }

    [Fact]
    public void InternalTransition_runs_its_action_without_exit_or_entry()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.OnTransitioned(_ => log.Add("transitioned"));
        sm.Configure(State.A)
            .InternalTransition(Trigger.X, t => log.Add($"internal {t.Source}->{t.Destination}"))
            .OnEntry(() => log.Add("entry"))
            .OnExit(() => log.Add("exit"));

        sm.Fire(Trigger.X);

        log.Should().Equal("internal A->A");
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void InternalTransitionIf_respects_its_guard()
    {
        var runs = 0;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .InternalTransitionIf(Trigger.X, _ => false, () => runs++, "closed")
            .InternalTransitionIf(Trigger.Y, _ => true, () => runs++, "open");

        sm.CanFire(Trigger.X).Should().BeFalse();
        sm.Fire(Trigger.Y);
        runs.Should().Be(1);
    }

    [Fact]
    public void Internal_transition_on_a_superstate_keeps_the_substate()
    {
        var runs = 0;
        var sm = new StateMachine<State, Trigger>(State.B);
        sm.Configure(State.A).InternalTransition(Trigger.X, () => runs++);
        sm.Configure(State.B).SubstateOf(State.A);

        sm.Fire(Trigger.X);

        runs.Should().Be(1);
        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void OnTransitioned_sees_the_new_state_before_entry_and_completed_after()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B).OnEntry(() => log.Add("entry B"));
        sm.OnTransitioned(t => log.Add($"transitioned {t.Source}->{t.Destination} now {sm.State}"));
        sm.OnTransitionCompleted(t => log.Add($"completed {t.Source}->{t.Destination}"));

        sm.Fire(Trigger.X);

        log.Should().Equal("transitioned A->B now B", "entry B", "completed A->B");
    }

    [Fact]
    public void Ignored_triggers_do_not_call_transition_listeners()
    {
        var calls = 0;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Ignore(Trigger.X);
        sm.OnTransitioned(_ => calls++);
        sm.OnTransitionCompleted(_ => calls++);

        sm.Fire(Trigger.X);

        calls.Should().Be(0);
    }

    [Fact]
    public void PermittedTriggers_lists_open_triggers_of_the_state_and_its_superstates()
    {
        var sm = new StateMachine<State, Trigger>(State.B);
        sm.Configure(State.A).Permit(Trigger.Z, State.C);
        sm.Configure(State.B)
            .SubstateOf(State.A)
            .Permit(Trigger.X, State.C)
            .PermitIf(Trigger.Y, State.C, () => false)
            .Ignore(Trigger.Z);

        sm.PermittedTriggers.Should().Equal(Trigger.X, Trigger.Z);
    }

    [Fact]
    public void CanFire_reports_permitted_and_unmet_guards()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .Permit(Trigger.X, State.B)
            .PermitIf(Trigger.Y, State.B, () => false, "region is not regulated");

        sm.CanFire(Trigger.X).Should().BeTrue();
        sm.CanFire(Trigger.Y, out var unmet).Should().BeFalse();
        unmet.Should().Equal("region is not regulated");
        sm.CanFire(Trigger.Z, out var none).Should().BeFalse();
        none.Should().BeNull("nothing is configured for Z, and Stateless reports that as null");
    }

    [Fact]
    public void IsInState_is_true_for_the_state_and_its_superstates()
    {
        var sm = new StateMachine<State, Trigger>(State.C);
        sm.Configure(State.B).SubstateOf(State.A);
        sm.Configure(State.C).SubstateOf(State.B);

        sm.IsInState(State.C).Should().BeTrue();
        sm.IsInState(State.B).Should().BeTrue();
        sm.IsInState(State.A).Should().BeTrue();
        sm.IsInState(State.D).Should().BeFalse();
    }

    [Fact]
    public void ToString_names_the_state_and_permitted_triggers()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B).Permit(Trigger.Y, State.C);

        sm.ToString().Should().Be("StateMachine { State = A, PermittedTriggers = { X, Y }}");
    }

    [Fact]
    public void Activate_runs_superstate_first_and_Deactivate_substate_first()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.B);
        sm.Configure(State.A).OnActivate(() => log.Add("activate A")).OnDeactivate(() => log.Add("deactivate A"));
        sm.Configure(State.B).SubstateOf(State.A).OnActivate(() => log.Add("activate B")).OnDeactivate(() => log.Add("deactivate B"));

        sm.Activate();
        sm.Deactivate();

        log.Should().Equal("activate A", "activate B", "deactivate B", "deactivate A");
    }
}
