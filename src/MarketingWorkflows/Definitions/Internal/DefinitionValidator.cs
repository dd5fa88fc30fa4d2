using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Definitions.Internal;

/// <summary>
/// Checks a whole <see cref="ProcessDefinition"/> and returns every problem, each with the path
/// of the element at fault. Files and the C# builder go through the same checks.
/// </summary>
internal sealed partial class DefinitionValidator
{
    private readonly ProcessDefinition _definition;
    private readonly List<DefinitionProblem> _problems = [];
    private readonly Dictionary<string, int> _stateIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TriggerDefinition> _triggers = new(StringComparer.Ordinal);
    private ExpressionScope _dataScope = new();

    private DefinitionValidator(ProcessDefinition definition)
    {
        _definition = definition;
    }

    public static List<DefinitionProblem> Validate(ProcessDefinition definition)
    {
        var validator = new DefinitionValidator(definition);
        validator.Run();
        return validator._problems;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex ProcessId();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Name();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ItemId();

    private void Add(string code, string path, string message) => _problems.Add(new DefinitionProblem(code, path, message));

    private void Run()
    {
        var d = _definition;
        if (!ProcessId().IsMatch(d.Id))
        {
            Add(DefinitionErrorCodes.InvalidValue, "id", $"'{d.Id}' is not a process id: use lower-case letters, digits and single hyphens, starting with a letter (for example campaign-approval).");
        }

        if (d.Version < 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, "version", $"The version must be 1 or more, not {d.Version}.");
        }

        if (d.Calendar.Weekend.Distinct().Count() >= 7)
        {
            Add(DefinitionErrorCodes.InvalidValue, "calendar.weekend", "Every day of the week is a weekend day, so business-day deadlines could never pass. Leave at least one working day.");
        }

        ValidateFields(d.Data, "data", isData: true);
        _dataScope = SafeScope(d.Data, null);

        ValidateTriggers();
        ValidateStates();
        ValidateChecklist();
        ValidateOwner();
        ValidateMeasures();
    }

    private static ExpressionScope SafeScope(IReadOnlyList<FieldDefinition> data, IReadOnlyList<FieldDefinition>? arguments)
    {
        // Invalid fields are reported on their own; the scope leaves them out so guards do not repeat those errors.
        var dataType = FieldDefinition.ToObjectType(data.Where(IsUsable).Where(f => f.Name != ExpressionScope.ArgumentsName).ToArray());
        var argumentType = arguments is null ? null : FieldDefinition.ToObjectType(arguments.Where(IsUsable).ToArray());
        return new ExpressionScope(dataType, argumentType);
    }

    private static bool IsUsable(FieldDefinition field)
    {
        if (!Name().IsMatch(field.Name))
        {
            return false;
        }

        try
        {
            field.ToExpressionType();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void ValidateFields(IReadOnlyList<FieldDefinition> fields, string path, bool isData)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var at = $"{path}[{i}]";
            if (!Name().IsMatch(field.Name))
            {
                Add(DefinitionErrorCodes.InvalidValue, at + ".name", $"'{field.Name}' is not a field name: start with a letter, then letters, digits or '_'.");
            }
            else if (!seen.Add(field.Name))
            {
                Add(DefinitionErrorCodes.Duplicate, at + ".name", $"The field '{field.Name}' is defined twice here. Give each field its own name.");
            }
            else if (isData && field.Name == ExpressionScope.ArgumentsName)
            {
                Add(DefinitionErrorCodes.InvalidValue, at + ".name", $"A data field cannot be called '{ExpressionScope.ArgumentsName}': guards read trigger arguments under that name. Rename the field.");
            }

            ValidateField(field, at);
        }
    }

    private void ValidateField(FieldDefinition field, string at)
    {
        switch (field.Type)
        {
            case FieldType.Enum when field.AllowedValues.Count == 0:
                Add(DefinitionErrorCodes.Missing, at + ".values", $"The enum field '{field.Name}' lists no values. Add its allowed values.");
                break;
            case FieldType.Enum when field.AllowedValues.Distinct(StringComparer.Ordinal).Count() != field.AllowedValues.Count:
                Add(DefinitionErrorCodes.Duplicate, at + ".values", $"The enum field '{field.Name}' lists a value twice.");
                break;
            case FieldType.List when field.Items is null:
                Add(DefinitionErrorCodes.Missing, at + ".items", $"The list field '{field.Name}' does not say what its elements are. Add 'items' with their type.");
                break;
            case FieldType.List:
                ValidateField(field.Items!, at + ".items");
                break;
            case FieldType.Object:
                ValidateFields(field.Fields, at + ".fields", isData: false);
                break;
        }

        if (field.Type != FieldType.Enum && field.AllowedValues.Count > 0)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".values", $"Only enum fields list values; '{field.Name}' is a {Word(field.Type)}. Make it an enum, or remove 'values'.");
        }

        if (field.Currency is not null && (field.Type != FieldType.Money || !Expressions.Internal.Lexer.IsCurrencyCode(field.Currency)))
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".currency", field.Type != FieldType.Money
                ? $"Only money fields have a currency; '{field.Name}' is a {Word(field.Type)}."
                : $"'{field.Currency}' is not a currency code: use three capital letters such as EUR.");
        }

        if (field.Minimum is { } min && field.Maximum is { } max && min > max)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".minimum", $"The minimum {min} of '{field.Name}' is above its maximum {max}.");
        }

        if ((field.Minimum is not null || field.Maximum is not null) && field.Type is not (FieldType.Number or FieldType.Money or FieldType.String or FieldType.List))
        {
            Add(DefinitionErrorCodes.InvalidValue, at + (field.Minimum is not null ? ".minimum" : ".maximum"), $"A {Word(field.Type)} field has no minimum or maximum; they apply to numbers, money, strings (length) and lists (length).");
        }

        if (field.Default is { } value)
        {
            var errors = new List<DataError>();
            DataValidator.Validate(value, field, field.Name, errors);
            if (errors.Count > 0)
            {
                Add(DefinitionErrorCodes.InvalidDefault, at + ".default", $"The default of '{field.Name}' fails its own schema: {string.Join("; ", errors).TrimEnd('.')}. Fix the default or the constraints.");
            }
        }
    }

    private static string Word(FieldType type) => type switch
    {
        FieldType.DateTime => "datetime",
        _ => type.ToString().ToLowerInvariant(),
    };

    private void ValidateTriggers()
    {
        var triggers = _definition.Triggers;
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            var at = $"triggers[{i}]";
            if (!Name().IsMatch(trigger.Name))
            {
                Add(DefinitionErrorCodes.InvalidValue, at + ".name", $"'{trigger.Name}' is not a trigger name: start with a letter, then letters, digits or '_'.");
            }
            else if (!_triggers.TryAdd(trigger.Name, trigger))
            {
                Add(DefinitionErrorCodes.Duplicate, at + ".name", $"The trigger '{trigger.Name}' is defined twice. Give each trigger its own name.");
            }

            ValidateFields(trigger.Arguments, at + ".arguments", isData: false);
            if (trigger.SetsData)
            {
                for (var a = 0; a < trigger.Arguments.Count; a++)
                {
                    var argument = trigger.Arguments[a];
                    var field = _definition.Data.FirstOrDefault(f => f.Name == argument.Name);
                    if (field is null)
                    {
                        Add(ExpressionErrorCodes.UnknownName, $"{at}.arguments[{a}].name", $"'{trigger.Name}' sets data, but its argument '{argument.Name}' is not a data field.{Expressions.Internal.Binder.Suggest(argument.Name, _definition.Data.Select(f => f.Name))} Name each argument after the field it sets.");
                    }
                    else if (field.Type != argument.Type)
                    {
                        Add(ExpressionErrorCodes.TypeMismatch, $"{at}.arguments[{a}].type", $"'{trigger.Name}' sets the {Word(field.Type)} field '{field.Name}' from a {Word(argument.Type)} argument. Give the argument the field's type.");
                    }
                }
            }
            for (var r = 0; r < trigger.Roles.Count; r++)
            {
                if (string.IsNullOrWhiteSpace(trigger.Roles[r]))
                {
                    Add(DefinitionErrorCodes.InvalidValue, $"{at}.roles[{r}]", "A role cannot be empty.");
                }
            }
        }
    }

    private string? SuggestState(string name) => Expressions.Internal.Binder.Suggest(name, _definition.States.Select(s => s.Name)) is { Length: > 0 } s ? s : null;

    private string UnknownState(string name) => $"There is no state '{name}'.{SuggestState(name) ?? " Define it under 'states', or fix the name."}";

    private string UnknownTrigger(string name)
    {
        var suggestion = Expressions.Internal.Binder.Suggest(name, _triggers.Keys);
        return $"There is no trigger '{name}'.{(suggestion.Length > 0 ? suggestion : " Define it under 'triggers', or fix the name.")}";
    }

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
            var scope = SafeScope(_definition.Data, trigger?.Arguments ?? []);
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

    private void ValidateDeadline(StateDefinition state, DeadlineDefinition deadline, string at)
    {
        if ((deadline.BusinessDays is null ? 0 : 1) + (deadline.Duration is null ? 0 : 1) + (deadline.At is null ? 0 : 1) != 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, at, $"The deadline of '{state.Name}' needs exactly one of 'businessDays', 'duration' or 'at'.");
        }
        else if (deadline.At is { } moment)
        {
            if (!CompiledExpression.TryCompile(moment, _dataScope, out var compiled, out var errors))
            {
                foreach (var error in errors)
                {
                    _problems.Add(new DefinitionProblem(error.Code, at + ".at", $"In the deadline '{OneLine(moment)}': {error.Message}", error));
                }
            }
            else if (compiled.ResultType.Kind is not (ExpressionTypeKind.Date or ExpressionTypeKind.DateTime))
            {
                Add(ExpressionErrorCodes.TypeMismatch, at + ".at", $"The deadline '{OneLine(moment)}' of '{state.Name}' gives a {compiled.ResultType}; it must give a date or a datetime, such as 'launchAt' or 'startAt - 2d'.");
            }
        }
        else if (deadline.BusinessDays is < 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".businessDays", $"A deadline is at least 1 business day, not {deadline.BusinessDays}.");
        }
        else if (deadline.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".duration", "A deadline's duration must be more than zero.");
        }

        if (deadline.OnTimeout is not { } trigger)
        {
            return;
        }

        if (!_triggers.ContainsKey(trigger))
        {
            Add(DefinitionErrorCodes.UnknownTrigger, at + ".onTimeout", UnknownTrigger(trigger));
        }
        else if (!SelfAndAncestors(state).Any(s => s.Transitions.Any(t => t.Trigger == trigger)))
        {
            Add(DefinitionErrorCodes.TimeoutGoesNowhere, at + ".onTimeout", $"At the deadline '{trigger}' is fired, but '{state.Name}' has no transition on '{trigger}', so nothing would happen. Add a transition on '{trigger}' to '{state.Name}'.");
        }
    }

    private bool ValidateApproval(StateDefinition state, ApprovalStageDefinition approval, string at)
    {
        var ok = true;
        if (approval.Approvers.Count == 0 && approval.FallbackRole is null)
        {
            Add(DefinitionErrorCodes.NoApprovers, at + ".approvers", $"The approval stage '{state.Name}' has no approvers, so nobody could ever decide. Add users, roles or relative approvers such as 'owner.manager', or a fallbackRole.");
        }

        for (var k = 0; k < approval.Approvers.Count; k++)
        {
            ValidateApprover(approval.Approvers[k], $"{at}.approvers[{k}]");
        }

        ValidateRule(state, approval, approval.ApproveRule, at + ".approve", "approve");
        ValidateRule(state, approval, approval.RejectRule, at + ".reject", "reject");

        if (approval.SelfApproval == SelfApprovalMode.AllowForRoles && approval.SelfApprovalRoles.Count == 0)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".selfApproval", $"The stage '{state.Name}' allows self-approval for listed roles, but lists none. Add the roles, or choose 'forbid' or 'audit'.");
        }

        if (string.IsNullOrEmpty(approval.OnApproved))
        {
            Add(DefinitionErrorCodes.Missing, at + ".onApproved", $"The stage '{state.Name}' does not say where an approval leads. Add 'onApproved: <state>'.");
            ok = false;
        }

        if (approval.MaxRounds is { } maxRounds && maxRounds < 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".maxRounds", $"The stage '{state.Name}' has maxRounds {maxRounds}; it must be 1 or more.");
            ok = false;
        }

        if ((approval.MaxRounds is null) != string.IsNullOrEmpty(approval.OnMaxRounds))
        {
            Add(DefinitionErrorCodes.Missing, at + (approval.MaxRounds is null ? ".maxRounds" : ".onMaxRounds"), $"The stage '{state.Name}' needs both 'maxRounds' (how many rounds) and 'onMaxRounds' (where a request for changes goes after them), or neither.");
            ok = false;
        }

        foreach (var (target, key) in new[] { (approval.OnApproved, "onApproved"), (approval.OnRejected, "onRejected"), (approval.OnChangesRequested, "onChangesRequested"), (approval.OnMaxRounds, "onMaxRounds") })
        {
            if (!string.IsNullOrEmpty(target) && !_stateIndex.ContainsKey(target))
            {
                Add(DefinitionErrorCodes.UnknownState, $"{at}.{key}", UnknownState(target));
                ok = false;
            }
        }

        if (approval.When is not null)
        {
            CheckCondition(approval.When, _dataScope, at + ".when", "condition");
        }

        foreach (var (trigger, fallback, key) in new[] { (approval.ApproveTrigger, "Approve", "approve"), (approval.RejectTrigger, "Reject", "reject"), (approval.RequestChangesTrigger, "RequestChanges", "requestChanges"), (approval.ReviewTrigger, "Review", "review") })
        {
            if (trigger != fallback && !_triggers.ContainsKey(trigger))
            {
                Add(DefinitionErrorCodes.UnknownTrigger, $"{at}.triggers.{key}", UnknownTrigger(trigger));
            }
        }

        return ok;
    }

    private void ValidateApprover(ApproverDefinition approver, string at)
    {
        if (string.IsNullOrWhiteSpace(approver.Value))
        {
            Add(DefinitionErrorCodes.InvalidValue, at, "An approver cannot be empty.");
            return;
        }

        if (approver.Kind != ApproverKind.Relative)
        {
            return;
        }

        var segments = approver.Value.Split('.');
        var field = _definition.Data.FirstOrDefault(f => f.Name == segments[0]);
        if (field is null)
        {
            Add(ExpressionErrorCodes.UnknownName, at, $"The relative approver '{approver.Value}' starts with '{segments[0]}', which is not a data field.{Expressions.Internal.Binder.Suggest(segments[0], _definition.Data.Select(f => f.Name))} Name a string field holding a user id, such as 'owner'.");
        }
        else if (field.Type != FieldType.String)
        {
            Add(ExpressionErrorCodes.TypeMismatch, at, $"The relative approver '{approver.Value}' reads '{field.Name}', a {Word(field.Type)} field; it must be a string field holding a user id.");
        }
        else if (segments.Skip(1).FirstOrDefault(s => s != "manager") is { } relation)
        {
            Add(DefinitionErrorCodes.InvalidValue, at, $"'{relation}' in '{approver.Value}' is not a relation between users; the one relation is 'manager', as in 'owner.manager'.");
        }
    }

    private void ValidateRule(StateDefinition state, ApprovalStageDefinition approval, ApprovalRule rule, string at, string what)
    {
        switch (rule.Kind)
        {
            case ApprovalRuleKind.Count when rule.Count < 1:
                Add(DefinitionErrorCodes.InvalidValue, at, $"The {what} rule of '{state.Name}' needs at least 1 decision, not {rule.Count}.");
                return;
            case ApprovalRuleKind.Percent when rule.Percent is < 1 or > 100:
                Add(DefinitionErrorCodes.InvalidValue, at, $"The {what} rule of '{state.Name}' is {rule.Percent}%; use a percentage from 1 to 100.");
                return;
        }

        // Roles can hold any number of people; named and relative approvers are one person each.
        if (rule.Kind == ApprovalRuleKind.Count && approval.Approvers.Count > 0 && approval.Approvers.All(a => a.Kind != ApproverKind.Role)
            && rule.Count > approval.Approvers.Count)
        {
            Add(DefinitionErrorCodes.QuorumTooLarge, at, $"The {what} rule of '{state.Name}' needs {rule.Count} decisions, but the stage lists only {approval.Approvers.Count} approver{(approval.Approvers.Count == 1 ? string.Empty : "s")}, so it could never be met. Lower the count or add approvers.");
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

    private void ValidateChecklist()
    {
        var items = _definition.Checklist;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!ItemId().IsMatch(item.Id))
            {
                Add(DefinitionErrorCodes.InvalidValue, $"checklist[{i}].id", $"'{item.Id}' is not an item id: use letters, digits, '-' and '_'.");
            }
            else if (!ids.TryAdd(item.Id, i))
            {
                Add(DefinitionErrorCodes.Duplicate, $"checklist[{i}].id", $"The checklist item '{item.Id}' is defined twice. Give each item its own id.");
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            for (var k = 0; k < item.DependsOn.Count; k++)
            {
                var dependency = item.DependsOn[k];
                if (!ids.ContainsKey(dependency))
                {
                    Add(DefinitionErrorCodes.UnknownChecklistItem, $"checklist[{i}].dependsOn[{k}]", $"There is no checklist item '{dependency}'.{Expressions.Internal.Binder.Suggest(dependency, ids.Keys)}");
                }
            }

            if (item.Due is { } due)
            {
                if (!CompiledExpression.TryCompile(due, _dataScope, out var expression, out var errors))
                {
                    foreach (var error in errors)
                    {
                        _problems.Add(new DefinitionProblem(error.Code, $"checklist[{i}].due", $"In the due date '{OneLine(due)}': {error.Message}", error));
                    }
                }
                else if (expression.ResultType.Kind is not (ExpressionTypeKind.Date or ExpressionTypeKind.DateTime))
                {
                    Add(ExpressionErrorCodes.TypeMismatch, $"checklist[{i}].due", $"The due date '{due}' of '{item.Id}' is a {expression.ResultType}; it must be a date or a date-time, such as 'launchAt - 3d'.");
                }
            }
        }

        ValidateChecklistCycles(items, ids);
    }

    private void ValidateChecklistCycles(IReadOnlyList<ChecklistItemDefinition> items, Dictionary<string, int> ids)
    {
        // Depth-first search; each cycle is reported once, at its first item in file order.
        var state = new int[items.Count];
        var stack = new List<int>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(int i)
        {
            state[i] = 1;
            stack.Add(i);
            foreach (var dependency in items[i].DependsOn)
            {
                if (!ids.TryGetValue(dependency, out var j))
                {
                    continue;
                }

                if (state[j] == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(j)).ToList();
                    var key = string.Join(",", cycle.Order());
                    if (reported.Add(key))
                    {
                        var first = cycle.Min();
                        var names = cycle.Select(c => items[c].Id).Append(items[j].Id);
                        Add(DefinitionErrorCodes.DependencyCycle, $"checklist[{first}].dependsOn", $"Checklist items depend on each other in a circle ({string.Join(" → ", names)}), so none of them could ever be done. Remove one of these dependencies.");
                    }
                }
                else if (state[j] == 0)
                {
                    Visit(j);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[i] = 2;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (state[i] == 0)
            {
                Visit(i);
            }
        }
    }
}
