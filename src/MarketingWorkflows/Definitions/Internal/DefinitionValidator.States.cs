using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Definitions.Internal;

/// <summary>
/// The checks of the state graph: names, hierarchy, transitions and their guards, ambiguous
/// transitions, and that every state is reachable and has a way out.
/// </summary>
internal sealed partial class DefinitionValidator
{
    private void ValidateStates()
    {
        var states = _definition.States;
        if (states.Count == 0)
        {
            Add(DefinitionErrorCodes.InitialState, "states", "The process has no states. Add at least an initial state and a terminal state.");
            return;
        }

        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            if (!Name().IsMatch(state.Name))
            {
                Add(DefinitionErrorCodes.InvalidValue, $"states[{i}].name", $"'{state.Name}' is not a state name: start with a letter, then letters, digits or '_'.");
            }
            else if (!_stateIndex.TryAdd(state.Name, i))
            {
                Add(DefinitionErrorCodes.Duplicate, $"states[{i}].name", $"The state '{state.Name}' is defined twice. Give each state its own name.");
            }
        }

        var referencesOk = ValidateHierarchy();
        ValidateInitial();
        for (var i = 0; i < states.Count; i++)
        {
            referencesOk &= ValidateState(states[i], $"states[{i}]");
        }

        if (referencesOk)
        {
            ValidateReachability();
        }
    }

    private void ValidateInitial()
    {
        var initial = _definition.States.Select((s, i) => (State: s, Index: i)).Where(x => x.State.Initial).ToList();
        if (initial.Count == 0)
        {
            Add(DefinitionErrorCodes.InitialState, "states", "No state is marked initial, so a new instance would have nowhere to start. Mark one state 'initial: true'.");
        }

        foreach (var extra in initial.Skip(1))
        {
            Add(DefinitionErrorCodes.InitialState, $"states[{extra.Index}].initial", $"'{extra.State.Name}' is marked initial, but so is '{initial[0].State.Name}'. Only one state can be initial.");
        }
    }

    private bool ValidateHierarchy()
    {
        var ok = true;
        var states = _definition.States;
        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            if (state.Parent is { } parent && !_stateIndex.ContainsKey(parent))
            {
                Add(DefinitionErrorCodes.UnknownState, $"states[{i}].parent", UnknownState(parent));
                ok = false;
            }
        }

        if (!ok)
        {
            return false;
        }

        for (var i = 0; i < states.Count; i++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { states[i].Name };
            var current = states[i].Parent;
            while (current is not null)
            {
                if (!seen.Add(current))
                {
                    Add(DefinitionErrorCodes.Hierarchy, $"states[{i}].parent", $"'{states[i].Name}' is its own ancestor: {string.Join(" → ", seen)} → {current}. Break the cycle of parents.");
                    ok = false;
                    break;
                }

                current = Find(current)?.Parent;
            }
        }

        for (var i = 0; i < states.Count; i++)
        {
            if (states[i].InitialChild is not { } child)
            {
                continue;
            }

            if (!_stateIndex.ContainsKey(child))
            {
                Add(DefinitionErrorCodes.UnknownState, $"states[{i}].initialChild", UnknownState(child));
                ok = false;
            }
            else if (Find(child)!.Parent != states[i].Name)
            {
                Add(DefinitionErrorCodes.Hierarchy, $"states[{i}].initialChild", $"'{child}' is not a child of '{states[i].Name}'. Set its parent to '{states[i].Name}', or choose one of its children.");
                ok = false;
            }
        }

        return ok;
    }

    private StateDefinition? Find(string name) => _stateIndex.TryGetValue(name, out var index) ? _definition.States[index] : null;

    private IEnumerable<StateDefinition> SelfAndAncestors(StateDefinition state)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (StateDefinition? current = state; current is not null && seen.Add(current.Name); current = current.Parent is null ? null : Find(current.Parent))
        {
            yield return current;
        }
    }

    private bool ValidateState(StateDefinition state, string at)
    {
        var ok = true;
        for (var j = 0; j < state.Transitions.Count; j++)
        {
            ok &= ValidateTransition(state, state.Transitions[j], $"{at}.transitions[{j}]");
        }

        ValidateAmbiguity(state, at);

        if (state.Terminal)
        {
            if (state.Transitions.Count > 0)
            {
                Add(DefinitionErrorCodes.TerminalWithExits, $"{at}.transitions", $"'{state.Name}' is terminal but has transitions out. Remove them, or drop 'terminal'.");
            }
            else if (SelfAndAncestors(state).Skip(1).FirstOrDefault(a => a.Transitions.Any(t => t.Kind != TransitionKind.Internal)) is { } ancestor)
            {
                Add(DefinitionErrorCodes.TerminalWithExits, $"{at}.terminal", $"'{state.Name}' is terminal but inherits transitions (such as '{ancestor.Transitions[0].Trigger}') from its parent '{ancestor.Name}'. Move it out of '{ancestor.Name}', or drop 'terminal'.");
            }

            if (state.Approval is not null)
            {
                Add(DefinitionErrorCodes.TerminalWithExits, $"{at}.approval", $"'{state.Name}' is terminal but runs an approval stage, whose outcomes lead out of it. Remove one of the two.");
            }

            if (_definition.States.FirstOrDefault(s => s.Parent == state.Name) is { } child)
            {
                Add(DefinitionErrorCodes.TerminalWithExits, $"{at}.terminal", $"'{state.Name}' is terminal but has the substate '{child.Name}'. Only a leaf state can be terminal.");
            }

            if (state.Deadline is not null)
            {
                Add(DefinitionErrorCodes.DeadlineOnTerminal, $"{at}.deadline", $"'{state.Name}' is terminal, so nothing can happen after its deadline. Remove the deadline.");
            }
        }

        if (state.Deadline is { } deadline)
        {
            ValidateDeadline(state, deadline, $"{at}.deadline");
        }

        if (state.Approval is { } approval)
        {
            ok &= ValidateApproval(state, approval, $"{at}.approval");
        }

        if (state.OnChecklistComplete is { } next)
        {
            if (!_stateIndex.ContainsKey(next))
            {
                Add(DefinitionErrorCodes.UnknownState, at + ".onChecklistComplete", UnknownState(next));
                ok = false;
            }
            else if (_definition.Checklist.Count == 0)
            {
                Add(DefinitionErrorCodes.UnknownChecklistItem, at + ".onChecklistComplete", $"'{state.Name}' moves on when the checklist is complete, but the process has no checklist. Add items under 'checklist', or remove 'onChecklistComplete'.");
            }
        }

        return ok;
    }

    private bool ValidateTransition(StateDefinition owner, TransitionDefinition transition, string at)
    {
        var ok = true;
        _triggers.TryGetValue(transition.Trigger, out var trigger);
        if (trigger is null)
        {
            Add(DefinitionErrorCodes.UnknownTrigger, at + ".trigger", UnknownTrigger(transition.Trigger));
        }

        if (transition.Kind == TransitionKind.External)
        {
            if (string.IsNullOrEmpty(transition.To))
            {
                Add(DefinitionErrorCodes.Missing, at + ".to", $"The transition on '{transition.Trigger}' does not say where it leads. Add 'to: <state>', or make it 'internal: true' or 'reentry: true'.");
                ok = false;
            }
            else if (!_stateIndex.ContainsKey(transition.To))
            {
                Add(DefinitionErrorCodes.UnknownState, at + ".to", UnknownState(transition.To));
                ok = false;
            }
            else if (transition.To == owner.Name)
            {
                Add(DefinitionErrorCodes.InvalidValue, at + ".to", $"The transition on '{transition.Trigger}' leads from '{owner.Name}' back to '{owner.Name}'. To leave and re-enter the state, write 'reentry: true' instead of 'to'; to stay without leaving, write 'internal: true'.");
            }
        }

        if (transition.RequiresChecklistComplete && _definition.Checklist.Count == 0)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".requiresChecklistComplete", $"The transition on '{transition.Trigger}' requires a complete checklist, but the process has no 'checklist'. Add one, or remove 'requiresChecklistComplete'.");
        }

        for (var r = 0; r < transition.RequiresLinked.Count; r++)
        {
            var requirement = transition.RequiresLinked[r];
            if (!ProcessId().IsMatch(requirement.Process))
            {
                Add(DefinitionErrorCodes.InvalidValue, $"{at}.requiresLinked[{r}].process", $"'{requirement.Process}' is not a process id: lower-case letters, digits and '-', such as 'content-review'.");
            }

            if (requirement.States.Count == 0 || requirement.States.Any(string.IsNullOrWhiteSpace))
            {
                Add(DefinitionErrorCodes.Missing, $"{at}.requiresLinked[{r}].states", $"The requirement on linked '{requirement.Process}' instances names no states. List the states that satisfy it, such as [Approved, Published].");
            }
        }

        if (transition.Guard is not null)
        {
            var scope = SafeScope(_definition.Data, trigger?.Arguments ?? []).WithFunctions(_definition.GuardFunctions);
            CheckCondition(transition.Guard, scope, at + ".guard", "guard");
        }

        return ok;
    }

    private void CheckCondition(string text, ExpressionScope scope, string path, string what)
    {
        if (!CompiledExpression.TryCompileCondition(text, scope, out _, out var errors))
        {
            foreach (var error in errors)
            {
                _problems.Add(new DefinitionProblem(error.Code, path, $"In the {what} '{OneLine(text)}': {error.Message}", error));
            }
        }
    }

    /// <summary>Shows an expression on one line, shortened, for messages.</summary>
    internal static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 80 ? line : line[..77] + "...";
    }

    private void ValidateAmbiguity(StateDefinition state, string at)
    {
        foreach (var group in state.Transitions.Select((t, j) => (Transition: t, Index: j)).GroupBy(x => x.Transition.Trigger, StringComparer.Ordinal))
        {
            var list = group.ToList();
            if (list.Count < 2)
            {
                continue;
            }

            var unguarded = list.Where(x => x.Transition.Guard is null).ToList();
            if (state.FirstMatchWins)
            {
                if (unguarded.Count > 0 && unguarded[0] != list[^1])
                {
                    var later = list.First(x => x.Index > unguarded[0].Index);
                    Add(DefinitionErrorCodes.Ambiguous, $"{at}.transitions[{later.Index}]", $"In '{state.Name}', '{group.Key}' at transitions[{unguarded[0].Index}] has no guard, so with firstMatchWins the transitions after it are never taken. Give it a guard or move it last.");
                }

                continue;
            }

            if (unguarded.Count >= 2)
            {
                Add(DefinitionErrorCodes.Ambiguous, $"{at}.transitions[{unguarded[1].Index}]", $"In '{state.Name}', '{group.Key}' has two transitions without a guard (transitions[{unguarded[0].Index}] and transitions[{unguarded[1].Index}]), so firing it could go either way. Give them guards that exclude each other, or remove one.");
            }
            else if (unguarded.Count == 1)
            {
                var guarded = list.First(x => x.Transition.Guard is not null);
                Add(DefinitionErrorCodes.Ambiguous, $"{at}.transitions[{unguarded[0].Index}]", $"In '{state.Name}', '{group.Key}' has a transition without a guard (transitions[{unguarded[0].Index}]) and one with a guard (transitions[{guarded.Index}]); whenever the guard holds both apply. Guard the first too, or mark the state 'firstMatchWins: true' so that order decides.");
            }
        }
    }

    private void ValidateReachability()
    {
        var states = _definition.States;
        var initial = states.FirstOrDefault(s => s.Initial);
        if (initial is null)
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<StateDefinition>();
        void Enter(StateDefinition target)
        {
            foreach (var state in SelfAndAncestors(target))
            {
                if (reached.Add(state.Name))
                {
                    queue.Enqueue(state);
                }
            }
        }

        Enter(initial);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            if (state.InitialChild is { } child && Find(child) is { } childState)
            {
                Enter(childState);
            }

            var targets = state.Transitions.Where(t => t.Kind == TransitionKind.External).Select(t => t.To!);
            if (state.Approval is { } approval)
            {
                targets = targets.Concat(new[] { approval.OnApproved, approval.OnRejected, approval.OnChangesRequested, approval.OnMaxRounds }.OfType<string>().Where(t => t.Length > 0));
            }

            if (state.OnChecklistComplete is { } next)
            {
                targets = targets.Append(next);
            }

            // A parent's transitions apply in every descendant; they are followed once the parent is reached.
            foreach (var target in targets)
            {
                if (Find(target) is { } targetState)
                {
                    Enter(targetState);
                }
            }
        }

        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            if (!reached.Contains(state.Name))
            {
                Add(DefinitionErrorCodes.Unreachable, $"states[{i}]", $"'{state.Name}' can never be reached from the initial state '{initial.Name}': no transition or approval outcome leads to it. Add a transition to it, or remove it.");
                continue;
            }

            var isLeaf = !states.Any(s => s.Parent == state.Name);
            if (!state.Terminal && isLeaf
                && state.Approval is null
                && state.OnChecklistComplete is null
                && !SelfAndAncestors(state).Any(s => s.Transitions.Any(t => t.Kind != TransitionKind.Internal)))
            {
                Add(DefinitionErrorCodes.DeadEnd, $"states[{i}]", $"'{state.Name}' is not terminal but has no way out, so an instance reaching it would be stuck. Add a transition out, or mark it 'terminal: true'.");
            }
        }
    }
}
