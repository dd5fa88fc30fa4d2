using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class GuardTests
{
    [Fact]
    public void PermitIf_moves_only_while_the_guard_holds()
    {
        var approved = false;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => approved, "approved");

        sm.CanFire(Trigger.X).Should().BeFalse();
        approved = true;
        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void A_failed_guard_error_names_its_description_state_and_trigger()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => false, "budget under 10,000");

        var act = () => sm.Fire(Trigger.X);

        var error = act.Should().Throw<TriggerNotPermittedException>().Which;
        error.Message.Should().Contain("budget under 10,000").And.Contain("'A'").And.Contain("'X'");
        error.UnmetGuards.Should().Equal("budget under 10,000");
        error.State.Should().Be(State.A);
        error.Trigger.Should().Be(Trigger.X);
    }

    [Fact]
    public void A_guard_without_description_is_described_by_its_method_name()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(Trigger.X, State.B, IsFalse);

        sm.CanFire(Trigger.X, out var unmet);

        unmet.Should().Equal(nameof(IsFalse));
    }

    [Fact]
    public void A_lambda_guard_without_description_is_called_Function()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => false);

        sm.CanFire(Trigger.X, out var unmet);

        unmet.Should().Equal("Function");
    }

    [Fact]
    public void Several_guards_must_all_hold_and_each_unmet_one_is_reported()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).PermitIf(
            Trigger.X,
            State.B,
            Tuple.Create<Func<bool>, string>(() => true, "has owner"),
            Tuple.Create<Func<bool>, string>(() => false, "has budget"),
            Tuple.Create<Func<bool>, string>(() => false, "has dates"));

        sm.CanFire(Trigger.X, out var unmet).Should().BeFalse();

        unmet.Should().Equal("has budget", "has dates");
    }

    [Fact]
    public void Two_open_guards_for_one_trigger_is_an_error()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .PermitIf(Trigger.X, State.B, () => true, "first")
            .PermitIf(Trigger.X, State.C, () => true, "second");

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("Multiple permitted exit transitions are configured from state 'A'*Guard clauses must be mutually exclusive.");
        sm.State.Should().Be(State.A);
    }

    [Fact]
    public void Mutually_exclusive_guards_choose_one_destination()
    {
        var budget = 50_000m;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .PermitIf(Trigger.X, State.B, () => budget >= 10_000, "budget >= 10,000")
            .PermitIf(Trigger.X, State.C, () => budget < 10_000, "budget < 10,000");

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void Parameterised_guards_see_the_trigger_arguments()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var amount = sm.SetTriggerParameters<decimal>(Trigger.X);
        sm.Configure(State.A)
            .PermitIf(amount, State.B, a => a >= 10_000, "large budget")
            .PermitIf(amount, State.C, a => a < 10_000, "small budget");

        sm.Fire(amount, 500m);

        sm.State.Should().Be(State.C);
    }

    [Fact]
    public void CanFire_with_arguments_evaluates_parameterised_guards()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var pair = sm.SetTriggerParameters<int, string>(Trigger.X);
        sm.Configure(State.A).PermitIf(pair, State.B, (n, s) => n > 1 && s == "ok", "n > 1 and ok");

        sm.CanFire(pair, 2, "ok").Should().BeTrue();
        sm.CanFire(pair, 1, "ok", out var unmet).Should().BeFalse();
        unmet.Should().Equal("n > 1 and ok");
    }

    [Fact]
    public void GetPermittedTriggers_evaluates_parameterised_guards_with_the_given_arguments()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var amount = sm.SetTriggerParameters<int>(Trigger.X);
        sm.Configure(State.A).PermitIf(amount, State.B, a => a > 10);

        sm.GetPermittedTriggers(5).Should().BeEmpty();
        sm.GetPermittedTriggers(50).Should().Equal(Trigger.X);
    }

    private static bool IsFalse() => false;
}
