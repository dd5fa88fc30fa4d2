using System;
using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>One guard condition: a predicate and its description.</summary>
internal sealed class GuardCondition
{
    private readonly Func<bool>? _plain;
    private readonly Func<object[], bool>? _withArgs;

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

    private GuardCondition(GuardCondition condition, InvocationInfo method)
    {
        _plain = condition._plain;
        _withArgs = condition._withArgs;
        Method = method;
    }

    public InvocationInfo Method { get; }

    /// <summary>Returns this condition marked as one the user did not write (see <see cref="InvocationInfo.IsImplicit"/>).</summary>
    public GuardCondition AsImplicit() => new(this, new InvocationInfo(Method.MethodName, null, InvocationInfo.Timing.Synchronous) { IsImplicit = true });

    public bool IsMet(object[] args) => _plain is not null ? _plain() : _withArgs!(args);
}

/// <summary>All the conditions that must hold for a behaviour to apply; none means always.</summary>
internal sealed class TransitionGuard
{
    public static readonly TransitionGuard Empty = new([]);

    public TransitionGuard(GuardCondition[] conditions) => Conditions = conditions;

    public GuardCondition[] Conditions { get; }

    public static TransitionGuard From(Func<bool>? guard, string? description)
        => guard is null ? Empty : new([new GuardCondition(guard, description)]);

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
}
