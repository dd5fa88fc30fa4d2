using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class AsyncTests
{
    [Fact]
    public async Task FireAsync_awaits_async_exit_entry_and_listeners_in_order()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A)
            .Permit(Trigger.X, State.B)
            .OnExitAsync(async () => { await Task.Yield(); log.Add("exit A"); });
        sm.Configure(State.B)
            .OnEntryAsync(async t => { await Task.Delay(1); log.Add($"enter B from {t.Source}"); })
            .OnEntry(() => log.Add("sync entry B"));
        sm.OnTransitionedAsync(async t => { await Task.Yield(); log.Add("transitioned"); });
        sm.OnTransitionCompletedAsync(async t => { await Task.Yield(); log.Add("completed"); });

        await sm.FireAsync(Trigger.X);

        sm.State.Should().Be(State.B);
        log.Should().Equal("exit A", "transitioned", "enter B from A", "sync entry B", "completed");
    }

    [Fact]
    public async Task FireAsync_passes_typed_arguments()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var assign = sm.SetTriggerParameters<string>(Trigger.X);
        string? assignee = null;
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B).OnEntryFromAsync(assign, async who => { await Task.Yield(); assignee = who; });

        await sm.FireAsync(assign, "ana");

        assignee.Should().Be("ana");
    }

    [Fact]
    public async Task Async_internal_transition_runs_its_action()
    {
        var runs = 0;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).InternalTransitionAsync(Trigger.X, async () => { await Task.Yield(); runs++; });

        await sm.FireAsync(Trigger.X);

        runs.Should().Be(1);
    }

    [Fact]
    public void Sync_Fire_refuses_an_async_entry_action_before_anything_runs()
    {
        var exited = false;
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B).OnExit(() => exited = true);
        sm.Configure(State.B).OnEntryAsync(() => Task.CompletedTask);

        var act = () => sm.Fire(Trigger.X);

        act.Should().Throw<InvalidOperationException>().WithMessage("*'B'*asynchronous OnEntry*FireAsync*");
        sm.State.Should().Be(State.A);
        exited.Should().BeFalse();
    }

    [Fact]
    public void Sync_Fire_refuses_async_exit_internal_and_listener_actions()
    {
        var exit = new StateMachine<State, Trigger>(State.A);
        exit.Configure(State.A).Permit(Trigger.X, State.B).OnExitAsync(() => Task.CompletedTask);
        var internalTransition = new StateMachine<State, Trigger>(State.A);
        internalTransition.Configure(State.A).InternalTransitionAsync(Trigger.X, () => Task.CompletedTask);
        var listener = new StateMachine<State, Trigger>(State.A);
        listener.Configure(State.A).Permit(Trigger.X, State.B);
        listener.OnTransitionedAsync(_ => Task.CompletedTask);
        var unhandled = new StateMachine<State, Trigger>(State.A);
        unhandled.OnUnhandledTriggerAsync((_, _) => Task.CompletedTask);

        foreach (var sm in new[] { exit, internalTransition, listener, unhandled })
        {
            var act = () => sm.Fire(Trigger.X);
            act.Should().Throw<InvalidOperationException>().WithMessage("*asynchronous*FireAsync*");
            sm.State.Should().Be(State.A);
        }
    }

    [Fact]
    public void Sync_Fire_is_allowed_when_async_actions_are_off_the_path()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B).OnEntryFromAsync(Trigger.Y, () => Task.CompletedTask);
        sm.Configure(State.C).OnEntryAsync(() => Task.CompletedTask);

        sm.Fire(Trigger.X);

        sm.State.Should().Be(State.B);
    }

    [Fact]
    public void Sync_Activate_refuses_async_activation_actions()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).OnActivateAsync(() => Task.CompletedTask);

        var act = () => sm.Activate();

        act.Should().Throw<InvalidOperationException>().WithMessage("*ActivateAsync*");
    }

    [Fact]
    public async Task ActivateAsync_and_DeactivateAsync_run_async_actions_in_hierarchy_order()
    {
        var log = new List<string>();
        var sm = new StateMachine<State, Trigger>(State.B);
        sm.Configure(State.A).OnActivateAsync(async () => { await Task.Yield(); log.Add("activate A"); }).OnDeactivate(() => log.Add("deactivate A"));
        sm.Configure(State.B).SubstateOf(State.A).OnActivate(() => log.Add("activate B")).OnDeactivateAsync(async () => { await Task.Yield(); log.Add("deactivate B"); });

        await sm.ActivateAsync();
        await sm.DeactivateAsync();

        log.Should().Equal("activate A", "activate B", "deactivate B", "deactivate A");
    }

    [Fact]
    public async Task Queued_FireAsync_inside_an_async_action_runs_after_the_transition()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        sm.Configure(State.A).Permit(Trigger.X, State.B);
        sm.Configure(State.B)
            .OnEntryAsync(async () =>
            {
                await sm.FireAsync(Trigger.Y);
                sm.State.Should().Be(State.B);
            })
            .Permit(Trigger.Y, State.C);

        await sm.FireAsync(Trigger.X);

        sm.State.Should().Be(State.C);
    }

    [Fact]
    public async Task FireAsync_unhandled_trigger_uses_the_async_handler()
    {
        var sm = new StateMachine<State, Trigger>(State.A);
        var handled = false;
        sm.OnUnhandledTriggerAsync(async (_, _, _) => { await Task.Yield(); handled = true; });

        await sm.FireAsync(Trigger.X);

        handled.Should().BeTrue();
    }
}
