using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.StateMachines;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// A <see cref="ProcessDefinition"/> compiled onto the state-machine kernel: a frozen
/// <see cref="StateMachineDefinition{TState, TTrigger}"/> over state and trigger names, with every
/// guard, stage condition and due date compiled once. Immutable and safe to share; the model is
/// never interpreted again per command.
/// </summary>
/// <remarks>
/// Every kernel trigger takes one parameter, the <see cref="ExpressionContext"/> (data, arguments,
/// time) its guards read: fire with <see cref="GetTrigger(string)"/>. An approval stage's
/// outcomes are the kernel triggers <see cref="ApprovalStageDefinition.ApprovedTrigger"/>,
/// <see cref="ApprovalStageDefinition.RejectedTrigger"/> and
/// <see cref="ApprovalStageDefinition.ChangesRequestedTrigger"/>, fired when a stage's rule is met.
/// A transition into a stage whose condition is false moves on to that stage's approved state,
/// and so on down the chain of stages.
/// </remarks>
public sealed class CompiledProcess
{
    private readonly Dictionary<string, StateMachine<string, string>.TriggerWithParameters<ExpressionContext>> _triggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledExpression> _stageConditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledExpression> _dueDates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledExpression> _deadlines = new(StringComparer.Ordinal);

    private CompiledProcess(ProcessDefinition definition)
    {
        Definition = definition;
        DataScope = new ExpressionScope(FieldDefinition.ToObjectType(definition.Data));
        Machine = Build();
    }

    /// <summary>Gets the definition this was compiled from.</summary>
    public ProcessDefinition Definition { get; }

    /// <summary>Gets the frozen kernel definition.</summary>
    public StateMachineDefinition<string, string> Machine { get; }

    /// <summary>Gets the scope expressions over the instance data compile against.</summary>
    public ExpressionScope DataScope { get; }

    /// <summary>The kernel trigger fired when every required checklist item is done or waived in a state with <see cref="StateDefinition.OnChecklistComplete"/>.</summary>
    public const string ChecklistCompleteTrigger = "checklist.complete";

    internal static CompiledProcess Compile(ProcessDefinition definition) => new(definition);

    /// <summary>Creates a kernel machine over an instance's stored state.</summary>
    /// <param name="stateAccessor">Reads the instance's state name.</param>
    /// <param name="stateMutator">Writes the instance's state name.</param>
    /// <returns>The machine; creating it allocates only the machine.</returns>
    public StateMachine<string, string> CreateMachine(Func<string> stateAccessor, Action<string> stateMutator)
        => Machine.CreateMachine(stateAccessor, stateMutator);

    /// <summary>Gets the kernel trigger for a trigger name, to fire with an <see cref="ExpressionContext"/>.</summary>
    /// <param name="name">A trigger of the definition, or one of the stage outcome triggers.</param>
    /// <returns>The kernel trigger.</returns>
    /// <exception cref="ArgumentException">The definition has no such trigger.</exception>
    public StateMachine<string, string>.TriggerWithParameters<ExpressionContext> GetTrigger(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _triggers.TryGetValue(name, out var trigger)
            ? trigger
            : throw new ArgumentException($"The process '{Definition}' has no trigger '{name}'. Its triggers are {string.Join(", ", Definition.Triggers.Select(t => t.Name))}.", nameof(name));
    }

    /// <summary>Gets whether an approval stage applies to an instance (its condition holds, or it has none).</summary>
    /// <param name="state">The stage's state name.</param>
    /// <param name="context">The instance's data and the time.</param>
    /// <returns><see langword="true"/> when the stage applies.</returns>
    public bool StageApplies(string state, in ExpressionContext context)
        => !_stageConditions.TryGetValue(state, out var condition) || condition.EvaluateCondition(context);

    /// <summary>Computes when a checklist item is due for an instance.</summary>
    /// <param name="itemId">The item's id.</param>
    /// <param name="context">The instance's data and the time.</param>
    /// <returns>The due time (a date counts from midnight UTC), or <see langword="null"/> when the item has no due date or its data is missing.</returns>
    public DateTimeOffset? GetDueDate(string itemId, in ExpressionContext context)
    {
        if (!_dueDates.TryGetValue(itemId, out var due))
        {
            return null;
        }

        return due.Evaluate(context) switch
        {
            DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            DateTimeOffset moment => moment,
            _ => null,
        };
    }

    /// <summary>Computes when a state's deadline passes for an instance that enters it at <paramref name="enteredAt"/>.</summary>
    /// <param name="state">The state's name.</param>
    /// <param name="enteredAt">When the instance entered the state.</param>
    /// <param name="context">The instance's data and the time.</param>
    /// <returns>The deadline, or <see langword="null"/> when the state has none (or its expression's data is missing).</returns>
    public DateTimeOffset? GetDeadline(string state, DateTimeOffset enteredAt, in ExpressionContext context)
    {
        var deadline = Definition.FindState(state)?.Deadline;
        if (deadline is null)
        {
            return null;
        }

        if (deadline.Duration is { } duration)
        {
            return enteredAt + duration;
        }

        if (deadline.BusinessDays is { } days)
        {
            // Business days keep the time of day: two business days after Friday 15:00 is Tuesday 15:00.
            var start = DateOnly.FromDateTime(enteredAt.UtcDateTime);
            var end = Definition.Calendar.AddWorkingDays(start, days);
            return enteredAt.ToUniversalTime().AddDays(end.DayNumber - start.DayNumber);
        }

        return _deadlines.TryGetValue(state, out var at) ? at.Evaluate(context) switch
        {
            DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            DateTimeOffset moment => moment,
            _ => null,
        } : null;
    }

    /// <summary>Follows a transition's destination down the chain of skipped stages.</summary>
    internal string ResolveDestination(string state, in ExpressionContext context)
    {
        for (var hops = 0; hops <= Definition.States.Count; hops++)
        {
            var definition = Definition.FindState(state);
            if (definition?.Approval is not { } approval || StageApplies(state, context))
            {
                return state;
            }

            state = approval.OnApproved;
        }

        throw new InvalidOperationException($"The approval stages of '{Definition}' skip each other in a circle starting at '{state}': give one of them no condition, or break the circle.");
    }

    private StateMachineDefinition<string, string> Build()
    {
        var definition = Definition;
        var scopeByTrigger = new Dictionary<string, ExpressionScope>(StringComparer.Ordinal);
        var machine = new StateMachine<string, string>(definition.InitialState);
        foreach (var trigger in definition.Triggers)
        {
            _triggers[trigger.Name] = machine.SetTriggerParameters<ExpressionContext>(trigger.Name);
            scopeByTrigger[trigger.Name] = new ExpressionScope(DataScope.Data, FieldDefinition.ToObjectType(trigger.Arguments)).WithFunctions(definition.GuardFunctions);
        }

        foreach (var outcome in new[] { ApprovalStageDefinition.ApprovedTrigger, ApprovalStageDefinition.RejectedTrigger, ApprovalStageDefinition.ChangesRequestedTrigger, ApprovalStageDefinition.MaxRoundsTrigger, ChecklistCompleteTrigger })
        {
            _triggers[outcome] = machine.SetTriggerParameters<ExpressionContext>(outcome);
            scopeByTrigger[outcome] = DataScope.WithFunctions(definition.GuardFunctions);
        }

        foreach (var state in definition.States)
        {
            if (state.Approval?.When is { } when)
            {
                _stageConditions[state.Name] = CompiledExpression.CompileCondition(when, DataScope);
            }
        }

        foreach (var state in definition.States)
        {
            if (state.Deadline?.At is { } at)
            {
                _deadlines[state.Name] = CompiledExpression.Compile(at, DataScope);
            }
        }

        foreach (var item in definition.Checklist)
        {
            if (item.Due is { } due)
            {
                _dueDates[item.Id] = CompiledExpression.Compile(due, DataScope);
            }
        }

        foreach (var state in definition.States)
        {
            var configuration = machine.Configure(state.Name);
            if (state.Parent is not null)
            {
                configuration.SubstateOf(state.Parent);
            }

            if (state.InitialChild is not null)
            {
                configuration.InitialTransition(state.InitialChild);
            }

            foreach (var group in state.Transitions.GroupBy(t => t.Trigger, StringComparer.Ordinal))
            {
                var earlier = new List<CompiledExpression?>();
                foreach (var transition in group)
                {
                    var guard = transition.Guard is null ? null : CompiledExpression.CompileCondition(transition.Guard, scopeByTrigger[transition.Trigger]);
                    var precedingGuards = state.FirstMatchWins ? earlier.ToArray() : [];
                    earlier.Add(guard);
                    ConfigureTransition(configuration, transition, guard, precedingGuards);
                }
            }

            if (state.Approval is { } approval)
            {
                ConfigureOutcome(configuration, ApprovalStageDefinition.ApprovedTrigger, approval.OnApproved);
                ConfigureOutcome(configuration, ApprovalStageDefinition.RejectedTrigger, approval.OnRejected);
                ConfigureOutcome(configuration, ApprovalStageDefinition.ChangesRequestedTrigger, approval.OnChangesRequested);
                ConfigureOutcome(configuration, ApprovalStageDefinition.MaxRoundsTrigger, approval.OnMaxRounds);
            }

            ConfigureOutcome(configuration, ChecklistCompleteTrigger, state.OnChecklistComplete);
        }

        return machine.Freeze();
    }

    private void ConfigureOutcome(StateMachine<string, string>.StateConfiguration configuration, string outcome, string? target)
    {
        if (!string.IsNullOrEmpty(target))
        {
            Permit(configuration, _triggers[outcome], target, guard: null, description: null);
        }
    }

    private void ConfigureTransition(
        StateMachine<string, string>.StateConfiguration configuration,
        TransitionDefinition transition,
        CompiledExpression? guard,
        CompiledExpression?[] precedingGuards)
    {
        var trigger = _triggers[transition.Trigger];
        var description = transition.GuardDescription ?? transition.Guard;
        Func<ExpressionContext, bool>? test = guard is null ? null : context => guard.EvaluateCondition(context);

        // First match wins: a transition applies only when no earlier guard for its trigger holds.
        if (precedingGuards.Length > 0)
        {
            var own = test;
            test = context =>
            {
                foreach (var earlier in precedingGuards)
                {
                    if (earlier is null || earlier.EvaluateCondition(context))
                    {
                        return false;
                    }
                }

                return own is null || own(context);
            };
            description ??= "no earlier transition applies";
        }

        switch (transition.Kind)
        {
            case TransitionKind.Internal when test is null:
                configuration.InternalTransition(trigger, static (_, _) => { });
                break;
            case TransitionKind.Internal:
                configuration.InternalTransitionIf(trigger, test, static (_, _) => { }, description);
                break;
            case TransitionKind.Reentry when test is null:
                configuration.PermitReentry(trigger.Trigger);
                break;
            case TransitionKind.Reentry:
                configuration.PermitReentryIf(trigger, test, description);
                break;
            default:
                Permit(configuration, trigger, transition.To!, test, description);
                break;
        }
    }

    private void Permit(
        StateMachine<string, string>.StateConfiguration configuration,
        StateMachine<string, string>.TriggerWithParameters<ExpressionContext> trigger,
        string target,
        Func<ExpressionContext, bool>? guard,
        string? description)
    {
        var chain = SkipChain(target);
        if (chain.Count == 1)
        {
            if (guard is null)
            {
                configuration.Permit(trigger.Trigger, target);
            }
            else
            {
                configuration.PermitIf(trigger, target, guard, description);
            }

            return;
        }

        // The target is a stage with a condition: where the transition lands depends on the data.
        var possible = new DynamicStateInfos();
        foreach (var (state, criterion) in chain)
        {
            possible.Add(state, criterion);
        }

        var selectorDescription = $"{target}, or the next stage that applies";
        string Select(ExpressionContext context) => ResolveDestination(target, context);
        if (guard is null)
        {
            configuration.PermitDynamic(trigger, Select, selectorDescription, possible);
        }
        else
        {
            configuration.PermitDynamicIf(trigger, Select, guard, description, possible);
        }
    }

    private List<(string State, string Criterion)> SkipChain(string target)
    {
        var chain = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var state = target;
        while (seen.Add(state))
        {
            var definition = Definition.FindState(state);
            if (definition?.Approval is { When: { } when } approval)
            {
                chain.Add((state, (chain.Count == 0 ? "if " : "else if ") + Internal.DefinitionValidator.OneLine(when)));
                state = approval.OnApproved;
                continue;
            }

            chain.Add((state, chain.Count == 0 ? "always" : "else"));
            break;
        }

        return chain;
    }
}
