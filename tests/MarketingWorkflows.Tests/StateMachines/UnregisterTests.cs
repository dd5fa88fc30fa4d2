using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class UnregisterTests
{
    [Fact]
    public void A_machine_over_a_frozen_definition_unregisters_its_own_listeners()
    {
        var log = new List<string>();
        var definition = StateMachineDefinition<State, Trigger>.Create(sm => sm.Configure(State.A).Permit(Trigger.X, State.B));
        var machine = definition.CreateMachine(State.A);
        Action<StateMachine<State, Trigger>.Transition> listener = t => log.Add($"{t.Source}->{t.Destination}");
        machine.OnTransitioned(listener);
        machine.OnTransitionCompleted(listener);

        machine.OnTransitionedUnregister(listener);
        machine.Fire(Trigger.X);

        log.Should().Equal("A->B");
        machine.UnregisterAllCallbacks();
        definition.CreateMachine(State.A).Invoking(m => m.UnregisterAllCallbacks()).Should().NotThrow();
    }

    [Fact]
    public void A_listener_of_a_frozen_definition_cannot_be_unregistered_from_one_machine()
    {
        var log = new List<string>();
        Action<StateMachine<State, Trigger>.Transition> listener = t => log.Add($"{t.Source}->{t.Destination}");
        var definition = StateMachineDefinition<State, Trigger>.Create(sm =>
        {
            sm.Configure(State.A).Permit(Trigger.X, State.B);
            sm.OnTransitioned(listener);
        });
        var machine = definition.CreateMachine(State.A);

        machine.Invoking(m => m.OnTransitionedUnregister(listener)).Should().Throw<InvalidOperationException>()
            .WithMessage("*registered with OnTransitioned before Freeze()*register it on each machine after Freeze()*");
        machine.Invoking(m => m.UnregisterAllCallbacks()).Should().Throw<InvalidOperationException>()
            .WithMessage("*before Freeze() belong to the shared definition*");

        definition.CreateMachine(State.A).Fire(Trigger.X);
        log.Should().Equal("A->B");
    }

    [Fact]
    public void Sync_Fire_runs_again_once_the_only_async_listener_is_unregistered()
    {
        var machine = new StateMachine<State, Trigger>(State.A);
        machine.Configure(State.A).Permit(Trigger.X, State.B);
        Func<StateMachine<State, Trigger>.Transition, Task> listener = _ => Task.CompletedTask;
        machine.OnTransitionCompletedAsync(listener);
        machine.Invoking(m => m.Fire(Trigger.X)).Should().Throw<InvalidOperationException>();

        machine.OnTransitionCompletedAsyncUnregister(listener);
        machine.Fire(Trigger.X);

        machine.State.Should().Be(State.B);
    }
}
