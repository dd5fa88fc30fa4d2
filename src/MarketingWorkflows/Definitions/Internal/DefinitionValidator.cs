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
}
