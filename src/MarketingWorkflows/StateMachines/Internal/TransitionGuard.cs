using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>One guard condition: a predicate and its description.</summary>
internal sealed class GuardCondition
{
    private readonly Func<bool>? _plain;
    private readonly Func<object[], bool>? _withArgs;
    private readonly Func<object[], Task<bool>>? _async;

    public GuardCondition(Func<bool> guard, string? description)
    {
        ArgumentNullException.ThrowIfNull(guard);
        _plain = guard;
        Method = InvocationInfo.Create(guard, description);
    }

    public GuardCondition(Func<object[], bool> guard, Delegate describedMethod, string? description)
    {
        ArgumentNullException.ThrowIfNull(guard);
        _withArgs = guard;
        Method = InvocationInfo.Create(describedMethod, description);
    }

    /// <summary>Creates an asynchronous condition: only <c>FireAsync</c> and the asynchronous listings can evaluate it.</summary>
    public GuardCondition(Func<object[], Task<bool>> guard, Delegate describedMethod, string? description)
    {
        ArgumentNullException.ThrowIfNull(guard);
        _async = guard;
        Method = InvocationInfo.Create(describedMethod, description, InvocationInfo.Timing.Asynchronous);
    }

    private GuardCondition(GuardCondition condition, InvocationInfo method)
    {
        _plain = condition._plain;
        _withArgs = condition._withArgs;
        _async = condition._async;
        Method = method;
    }

    public InvocationInfo Method { get; }

    /// <summary>Returns this condition marked as one the user did not write (see <see cref="InvocationInfo.IsImplicit"/>).</summary>
    public GuardCondition AsImplicit() => new(this, new InvocationInfo(Method.MethodName, null, InvocationInfo.Timing.Synchronous) { IsImplicit = true });

    public bool IsAsync => _async is not null;

    /// <summary>Evaluates a synchronous condition; an asynchronous one cannot be evaluated without blocking, so it throws.</summary>
    public bool IsMet(object[] args)
    {
        if (_async is not null)
        {
            throw new InvalidOperationException(
                $"The guard '{Method.Description}' is asynchronous, and a synchronous call cannot evaluate it without blocking. "
                + "Use FireAsync, GetPermittedTriggersAsync or GetDetailedPermittedTriggers.");
        }

        return _plain is not null ? _plain() : _withArgs!(args);
    }

    public Task<bool> IsMetAsync(object[] args) => _async is not null ? _async(args) : Task.FromResult(IsMet(args));
}

/// <summary>All the conditions that must hold for a behaviour to apply; none means always.</summary>
internal sealed class TransitionGuard
{
    public static readonly TransitionGuard Empty = new([]);

    public TransitionGuard(GuardCondition[] conditions)
    {
        Conditions = conditions;
        HasAsync = Array.Exists(conditions, c => c.IsAsync);
    }

    /// <summary>Gets a value indicating whether a condition is asynchronous.</summary>
    public bool HasAsync { get; }

    public GuardCondition[] Conditions { get; }

    public static TransitionGuard From(Func<bool>? guard, string? description)
        => guard is null ? Empty : new([new GuardCondition(guard, description)]);

    public static TransitionGuard FromAsync(Func<Task<bool>> guard, string? description)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return new([new GuardCondition(_ => guard(), guard, description)]);
    }

    public static TransitionGuard FromAsync(Tuple<Func<Task<bool>>, string>[] guards)
    {
        ArgumentNullException.ThrowIfNull(guards);
        return new(Array.ConvertAll(guards, g => FromAsync(g.Item1, g.Item2).Conditions[0]));
    }

    public static TransitionGuard From(Tuple<Func<bool>, string>[] guards)
    {
        ArgumentNullException.ThrowIfNull(guards);
        var conditions = new GuardCondition[guards.Length];
        for (var i = 0; i < guards.Length; i++)
        {
            conditions[i] = new GuardCondition(guards[i].Item1, guards[i].Item2);
        }

        return new(conditions);
    }

    /// <summary>
    /// Evaluates every condition (none is skipped, so the unmet list is complete) and adds
    /// the description of each unmet one to <paramref name="unmet"/>, created on first need.
    /// </summary>
    /// <returns><see langword="true"/> when all conditions hold.</returns>
    public bool Evaluate(object[] args, ref List<string>? unmet)
    {
        var met = true;
        foreach (var condition in Conditions)
        {
            if (!condition.IsMet(args))
            {
                met = false;
                (unmet ??= []).Add(condition.Method.Description);
            }
        }

        return met;
    }

    public bool AreMet(object[] args)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.IsMet(args))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>As <see cref="Evaluate"/>, awaiting asynchronous conditions in order.</summary>
    /// <returns><see langword="true"/> when all conditions hold.</returns>
    public async Task<bool> EvaluateAsync(object[] args, List<string> unmet)
    {
        var met = true;
        foreach (var condition in Conditions)
        {
            if (!await condition.IsMetAsync(args).ConfigureAwait(false))
            {
                met = false;
                unmet.Add(condition.Method.Description);
            }
        }

        return met;
    }

    public async Task<bool> AreMetAsync(object[] args)
    {
        foreach (var condition in Conditions)
        {
            if (!await condition.IsMetAsync(args).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
