using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class ParameterTests
{
    [Fact]
    public void Typed_arguments_reach_OnEntryFrom_actions()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var assign = sm.SetTriggerParameters<string, int, bool>(Trigger.X);
        string? seen = null;
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B).OnEntryFrom(assign, (who, priority, urgent) => seen = $"{who}/{priority}/{urgent}");

        sm.Fire(assign, "ana", 2, true);

        seen.Should().Be("ana/2/True");
    }

    [Fact]
    public void OnEntryFrom_runs_only_for_its_trigger()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.C).Permit(Trigger.Y, State.B);
        sm.Configure(State.B)
            .OnEntryFrom(Trigger.X, () => log.Add("from X"))
            .OnEntryFrom(Trigger.Y, t => log.Add("from Y"))
            .OnEntry(() => log.Add("any"))
            .Permit(Trigger.Z, State.C);

        sm.Fire(Trigger.X);
        sm.Fire(Trigger.Z);
        sm.Fire(Trigger.Y);

        log.Should().Equal("from X", "any", "from Y", "any");
    }

    [Fact]
    public void Transition_parameters_hold_the_arguments()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var two = sm.SetTriggerParameters<int, string>(Trigger.X);
        object[]? parameters = null;
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.OnTransitioned(t => parameters = t.Parameters);

        sm.Fire(two, 7, "seven");

        parameters.Should().Equal(7, "seven");
    }

    [Fact]
    public void Untyped_fire_checks_arguments_against_the_declared_types()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var typed = sm.SetTriggerParameters(Trigger.X, typeof(int), typeof(string));
        sm.Configure(State.A).Permit(Trigger.X, State.B);

        var wrongType = () => sm.Fire(typed, "seven", "seven");
        var tooMany = () => sm.Fire(typed, 7, "seven", 8);
        var tooFew = () => sm.Fire(typed, 7);

        wrongType.Should().Throw<ArgumentException>().WithMessage("The argument in position 0 is of type System.String but must be of type System.Int32.");
        tooMany.Should().Throw<ArgumentException>().WithMessage("Too many parameters have been supplied. Expecting 2 but got 3.");
        tooFew.Should().Throw<ArgumentException>().WithMessage("An argument of type System.String is required in position 1.");
        sm.State.Should().Be(State.A);

        sm.Fire(typed, 7, "seven");
        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void Firing_a_parameterised_trigger_without_its_arguments_uses_default_values()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var typed = sm.SetTriggerParameters<int>(Trigger.X);
        var seen = new List<int>();
        sm.Configure(State.A).PermitIf(typed, State.B, n => { seen.Add(n); return n == 0; }, "n is zero");

        sm.CanFire(Trigger.X).Should().BeTrue();
        sm.PermittedTriggers.Should().Equal(Trigger.X);
        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.B);
        seen.Should().Equal(0, 0, 0);
    }

    [Fact]
    public void PermittedTriggers_without_arguments_leaves_out_a_trigger_whose_guard_fails_on_default_values()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var typed = sm.SetTriggerParameters<int>(Trigger.X);
        sm.Configure(State.A).PermitIf(typed, State.B, n => n > 0, "n is positive");

        sm.PermittedTriggers.Should().BeEmpty();
        sm.CanFire(Trigger.X, out var unmet).Should().BeFalse();
        unmet.Should().Equal("n is positive");
    }

    [Fact]
    public void SetTriggerParameters_may_be_called_once_per_trigger()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.SetTriggerParameters<int>(Trigger.X);

        var act = () => sm.SetTriggerParameters<string>(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("*'X'*once per trigger*");
    }

    [Fact]
    public void Null_is_accepted_for_reference_type_arguments_and_refused_where_a_value_type_is_read()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var typed = sm.SetTriggerParameters<string, int>(Trigger.X);
        sm.Configure(State.A).PermitIf(typed, State.B, (_, n) => n >= 0, "n is not negative");

        // Stateless fails here with a NullReferenceException; the kernel says what is wrong.
        var nullInt = () => sm.Fire((StateMachine<State, Trigger>.TriggerWithParameters)typed, "x", null!);
        nullInt.Should().Throw<ArgumentException>().WithMessage("The argument in position 1 is null but must be of type System.Int32.");
        sm.State.Should().Be(State.A);

        sm.Fire(typed, null!, 1);
        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void PermitDynamic_with_arguments_chooses_from_them()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var route = sm.SetTriggerParameters<decimal>(Trigger.X);
        sm.Configure(State.A).PermitDynamic(route, budget => budget >= 100_000 ? State.C : State.B);

        sm.Fire(route, 250_000m);

        sm.State.Should().Be(State.C);
    }

    [Fact]
    public void Typed_internal_transition_receives_its_arguments()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var volume = sm.SetTriggerParameters<int>(Trigger.X);
        var level = 0;
        sm.Configure(State.A).InternalTransition(volume, (v, _) => level = v);

        sm.Fire(volume, 11);

        level.Should().Be(11);
    }

    [Fact]
    public async Task GetDetailedPermittedTriggers_tells_which_triggers_take_parameters_and_are_guarded()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var typed = sm.SetTriggerParameters<int>(Trigger.X);
        sm.Configure(State.A)
            .PermitIf(typed, State.B, n => n > 0)
            .Permit(Trigger.Y, State.C);

        var details = (await sm.GetDetailedPermittedTriggers(1)).ToList();

        details.Select(d => (d.Trigger, d.HasParameters, d.HasGuard)).Should().Equal((Trigger.X, true, true), (Trigger.Y, false, false));
        details[0].Parameters.Should().BeSameAs(typed);
    }
}
