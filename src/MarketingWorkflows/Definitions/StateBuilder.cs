using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Definitions;

/// <summary>Configures a state: hierarchy, deadline, approval stage and transitions.</summary>
public sealed class StateBuilder
{
    private readonly string _name;
    private readonly List<TransitionDefinition> _transitions = [];
    private string? _title;
    private string? _parent;
    private bool _initial;
    private string? _initialChild;
    private bool _terminal;
    private bool _firstMatchWins;
    private DeadlineDefinition? _deadline;
    private ApprovalStageDefinition? _approval;
    private bool _dataLocked;
    private string? _onChecklistComplete;
    private readonly List<(string Trigger, LinkRequirement Requirement)> _linkRequirements = [];
    private readonly HashSet<string> _checklistRequirements = new(StringComparer.Ordinal);

    internal StateBuilder(string name)
    {
        _name = name;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Makes this state a substate of <paramref name="parent"/>: the parent's transitions apply here too.</summary>
    /// <param name="parent">The parent state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder SubstateOf(string parent)
    {
        _parent = parent;
        return this;
    }

    /// <summary>Makes this state a substate of an enum-named <paramref name="parent"/>.</summary>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="parent">The parent state.</param>
    /// <returns>This builder.</returns>
    public StateBuilder SubstateOf<TState>(TState parent)
        where TState : struct, Enum
        => SubstateOf(parent.ToString());

    /// <summary>Marks this state as the one a new instance starts in.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder Initial()
    {
        _initial = true;
        return this;
    }

    /// <summary>Sets the child entered when this state is entered directly.</summary>
    /// <param name="child">The child state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InitialChild(string child)
    {
        _initialChild = child;
        return this;
    }

    /// <summary>Sets the enum-named child entered when this state is entered directly.</summary>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="child">The child state.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InitialChild<TState>(TState child)
        where TState : struct, Enum
        => InitialChild(child.ToString());

    /// <summary>Marks the state as terminal: the process ends here.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder Terminal()
    {
        _terminal = true;
        return this;
    }

    /// <summary>For each trigger, takes the first transition (in order) whose guard holds, instead of treating two open guards as an error.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder FirstMatchWins()
    {
        _firstMatchWins = true;
        return this;
    }

    /// <summary>Sets a deadline in business days.</summary>
    /// <param name="businessDays">How many working days, 1 or more.</param>
    /// <param name="configure">Adds reminders and a timeout outcome, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder DeadlineInBusinessDays(int businessDays, Action<DeadlineBuilder>? configure = null)
    {
        var builder = new DeadlineBuilder();
        configure?.Invoke(builder);
        _deadline = builder.Build(businessDays, null, null);
        return this;
    }

    /// <summary>Sets a deadline as a duration.</summary>
    /// <param name="duration">How long, more than zero.</param>
    /// <param name="configure">Adds reminders and a timeout outcome, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Deadline(TimeSpan duration, Action<DeadlineBuilder>? configure = null)
    {
        var builder = new DeadlineBuilder();
        configure?.Invoke(builder);
        _deadline = builder.Build(null, duration, null);
        return this;
    }

    /// <summary>Sets a deadline given by an expression over the data, such as <c>launchAt</c>.</summary>
    /// <param name="expression">An expression giving a date or datetime.</param>
    /// <param name="configure">Adds reminders and a timeout outcome, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder DeadlineAt(string expression, Action<DeadlineBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var builder = new DeadlineBuilder();
        configure?.Invoke(builder);
        _deadline = builder.Build(null, null, expression);
        return this;
    }

    /// <summary>Locks the data in this state: it changes only through a trigger that sets data.</summary>
    /// <returns>This builder.</returns>
    public StateBuilder DataLocked()
    {
        _dataLocked = true;
        return this;
    }

    /// <summary>Moves to <paramref name="state"/> as soon as every required checklist item is done or waived; checklist items can be changed only in such a state.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder OnChecklistComplete(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _onChecklistComplete = state;
        return this;
    }

    /// <summary>Allows this state's transitions on <paramref name="trigger"/> only when linked instances of <paramref name="process"/> are in one of <paramref name="states"/>.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="process">The linked process, such as <c>content-review</c>.</param>
    /// <param name="atLeastOne">Whether at least one such linked instance must exist.</param>
    /// <param name="states">The states that satisfy the requirement.</param>
    /// <returns>This builder.</returns>
    public StateBuilder RequireLinked(string trigger, string process, bool atLeastOne, params string[] states)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(states);
        _linkRequirements.Add((trigger, new LinkRequirement(process, [.. states], atLeastOne)));
        return this;
    }

    /// <summary>Allows this state's transitions on <paramref name="trigger"/> only when every required checklist item is done or waived.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder RequireChecklistComplete(string trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        _checklistRequirements.Add(trigger);
        return this;
    }

    /// <summary>Makes the state an approval stage.</summary>
    /// <param name="configure">Configures the stage.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Approval(Action<ApprovalStageBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new ApprovalStageBuilder();
        configure(builder);
        _approval = builder.Build();
        return this;
    }

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="to">The destination state's name.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Permit(string trigger, string to) => Add(trigger, TransitionKind.External, to, null, null);

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The destination state.</param>
    /// <returns>This builder.</returns>
    public StateBuilder Permit<TTrigger, TState>(TTrigger trigger, TState to)
        where TTrigger : struct, Enum
        where TState : struct, Enum
        => Permit(trigger.ToString(), to.ToString());

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires and <paramref name="guard"/> holds.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="to">The destination state's name.</param>
    /// <param name="guard">The guard expression, such as <c>budget.amount &gt;= 10000</c>.</param>
    /// <param name="description">The guard in plain words, shown when it blocks; defaults to the expression.</param>
    /// <returns>This builder.</returns>
    public StateBuilder PermitIf(string trigger, string to, string guard, string? description = null)
        => Add(trigger, TransitionKind.External, to, guard, description);

    /// <summary>Moves to <paramref name="to"/> when <paramref name="trigger"/> fires and <paramref name="guard"/> holds.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="to">The destination state.</param>
    /// <param name="guard">The guard expression.</param>
    /// <param name="description">The guard in plain words; defaults to the expression.</param>
    /// <returns>This builder.</returns>
    public StateBuilder PermitIf<TTrigger, TState>(TTrigger trigger, TState to, string guard, string? description = null)
        where TTrigger : struct, Enum
        where TState : struct, Enum
        => PermitIf(trigger.ToString(), to.ToString(), guard, description);

    /// <summary>Leaves and re-enters this state when <paramref name="trigger"/> fires (and <paramref name="guard"/> holds, if given).</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="guard">The guard expression, or <see langword="null"/>.</param>
    /// <param name="description">The guard in plain words, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder PermitReentry(string trigger, string? guard = null, string? description = null)
        => Add(trigger, TransitionKind.Reentry, null, guard, description);

    /// <summary>Records <paramref name="trigger"/> without leaving the state (and only if <paramref name="guard"/> holds, if given).</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="guard">The guard expression, or <see langword="null"/>.</param>
    /// <param name="description">The guard in plain words, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InternalTransition(string trigger, string? guard = null, string? description = null)
        => Add(trigger, TransitionKind.Internal, null, guard, description);

    /// <summary>Records an enum-named <paramref name="trigger"/> without leaving the state.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="guard">The guard expression, or <see langword="null"/>.</param>
    /// <param name="description">The guard in plain words, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public StateBuilder InternalTransition<TTrigger>(TTrigger trigger, string? guard = null, string? description = null)
        where TTrigger : struct, Enum
        => InternalTransition(trigger.ToString(), guard, description);

    private StateBuilder Add(string trigger, TransitionKind kind, string? to, string? guard, string? description)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        _transitions.Add(new TransitionDefinition(trigger, kind, to) { Guard = guard, GuardDescription = description });
        return this;
    }

    internal StateDefinition Build() => new(_name)
    {
        Title = _title,
        Parent = _parent,
        Initial = _initial,
        InitialChild = _initialChild,
        Terminal = _terminal,
        FirstMatchWins = _firstMatchWins,
        Deadline = _deadline,
        Approval = _approval,
        DataLocked = _dataLocked,
        OnChecklistComplete = _onChecklistComplete,
        Transitions = [.. _transitions.Select(t => new TransitionDefinition(t.Trigger, t.Kind, t.To)
        {
            Guard = t.Guard,
            GuardDescription = t.GuardDescription,
            RequiresLinked = [.. _linkRequirements.Where(r => r.Trigger == t.Trigger).Select(r => r.Requirement)],
            RequiresChecklistComplete = _checklistRequirements.Contains(t.Trigger),
        })],
    };
}
