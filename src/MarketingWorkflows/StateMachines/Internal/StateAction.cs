using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>
/// An entry, exit, activation, deactivation or internal-transition action, sync or async,
/// optionally limited to one trigger (OnEntryFrom). Exactly one delegate is set.
/// </summary>
internal sealed class StateAction<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly Action? _plain;
    private readonly Action<StateMachine<TState, TTrigger>.Transition>? _withTransition;
    private readonly Action<object[]>? _withArgs;
    private readonly Action<object[], StateMachine<TState, TTrigger>.Transition>? _withArgsAndTransition;
    private readonly Func<StateMachine<TState, TTrigger>.Transition?, object[], Task>? _async;
    private readonly bool _hasTrigger;
    private readonly TTrigger _trigger;

    private StateAction(
        Delegate method,
        string? description,
        Action? plain = null,
        Action<StateMachine<TState, TTrigger>.Transition>? withTransition = null,
        Action<object[]>? withArgs = null,
        Action<object[], StateMachine<TState, TTrigger>.Transition>? withArgsAndTransition = null,
        Func<StateMachine<TState, TTrigger>.Transition?, object[], Task>? async = null,
        bool hasTrigger = false,
        TTrigger trigger = default!)
    {
        ArgumentNullException.ThrowIfNull(method);
        Source = method;
        _plain = plain;
        _withTransition = withTransition;
        _withArgs = withArgs;
        _withArgsAndTransition = withArgsAndTransition;
        _async = async;
        _hasTrigger = hasTrigger;
        _trigger = trigger;
        Method = InvocationInfo.Create(method, description, async is null ? InvocationInfo.Timing.Synchronous : InvocationInfo.Timing.Asynchronous);
    }

    public InvocationInfo Method { get; }

    /// <summary>Gets the delegate the user registered, by which the action can be unregistered.</summary>
    public Delegate Source { get; }

    public bool IsAsync => _async is not null;

    /// <summary>Gets the trigger this action is limited to, as text, or <see langword="null"/>.</summary>
    public string? FromTrigger => _hasTrigger ? _trigger.ToString() : null;

    public static StateAction<TState, TTrigger> Plain(Action action, string? description)
        => new(action, description, plain: action);

    public static StateAction<TState, TTrigger> WithTransition(Action<StateMachine<TState, TTrigger>.Transition> action, string? description)
        => new(action, description, withTransition: action);

    public static StateAction<TState, TTrigger> Async(Func<Task> action, string? description)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(action, description, async: (_, _) => action());
    }

    public static StateAction<TState, TTrigger> Async(Func<StateMachine<TState, TTrigger>.Transition, Task> action, string? description)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new(action, description, async: (t, _) => action(t!));
    }

    public static StateAction<TState, TTrigger> From(TTrigger trigger, Action action, string? description)
        => new(action, description, plain: action, hasTrigger: true, trigger: trigger);

    public static StateAction<TState, TTrigger> From(TTrigger trigger, Action<StateMachine<TState, TTrigger>.Transition> action, string? description)
        => new(action, description, withTransition: action, hasTrigger: true, trigger: trigger);

    public static StateAction<TState, TTrigger> FromWithArgs(TTrigger trigger, Delegate method, Action<object[]> action, string? description)
        => new(method, description, withArgs: action, hasTrigger: true, trigger: trigger);

    public static StateAction<TState, TTrigger> FromWithArgsAndTransition(TTrigger trigger, Delegate method, Action<object[], StateMachine<TState, TTrigger>.Transition> action, string? description)
        => new(method, description, withArgsAndTransition: action, hasTrigger: true, trigger: trigger);

    public static StateAction<TState, TTrigger> FromAsync(TTrigger trigger, Delegate method, Func<StateMachine<TState, TTrigger>.Transition?, object[], Task> action, string? description)
        => new(method, description, async: action, hasTrigger: true, trigger: trigger);

    public static StateAction<TState, TTrigger> Internal(Delegate method, Action<object[], StateMachine<TState, TTrigger>.Transition> action)
        => new(method, null, withArgsAndTransition: action);

    public static StateAction<TState, TTrigger> InternalAsync(Delegate method, Func<StateMachine<TState, TTrigger>.Transition?, object[], Task> action)
        => new(method, null, async: action);

    /// <summary>Tells whether the action runs for a transition caused by <paramref name="trigger"/>.</summary>
    public bool AppliesTo(TTrigger trigger) => !_hasTrigger || EqualityComparer<TTrigger>.Default.Equals(_trigger, trigger);

    /// <summary>Runs a synchronous action. The caller has already refused async ones.</summary>
    public void Execute(ref TransitionContext<TState, TTrigger> context)
    {
        if (_plain is not null)
        {
            _plain();
        }
        else if (_withTransition is not null)
        {
            _withTransition(context.GetTransition());
        }
        else if (_withArgs is not null)
        {
            _withArgs(context.Args);
        }
        else
        {
            _withArgsAndTransition!(context.Args, context.GetTransition());
        }
    }

    /// <summary>Runs an action with no transition (activation, deactivation).</summary>
    public void Execute()
    {
        var none = default(TransitionContext<TState, TTrigger>);
        Execute(ref none);
    }

    /// <summary>Runs the action, sync or async, and returns when it has finished.</summary>
    public Task ExecuteAsync(StateMachine<TState, TTrigger>.Transition? transition, object[] args)
    {
        if (_async is not null)
        {
            return _async(transition, args);
        }

        if (_plain is not null)
        {
            _plain();
        }
        else if (_withTransition is not null)
        {
            _withTransition(transition!);
        }
        else if (_withArgs is not null)
        {
            _withArgs(args);
        }
        else
        {
            _withArgsAndTransition!(args, transition!);
        }

        return Task.CompletedTask;
    }
}
