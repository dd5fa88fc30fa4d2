using System.Linq;

namespace MarketingWorkflows.Definitions.Internal;

/// <summary>
/// The checks of what a process declares about itself — its owner and its measures — against
/// its data fields and triggers. The names end up in SQL text as JSON paths, so only plain field
/// names pass: a quote, a backslash, a dot or a space is refused here, before anything runs.
/// </summary>
internal sealed partial class DefinitionValidator
{
    private void ValidateOwner()
    {
        if (_definition.Owner is { } owner)
        {
            CheckField(owner, "owner", "the owner", "a user id", FieldType.String, FieldType.Enum);
        }
    }

    private void ValidateMeasures()
    {
        if (_definition.Measures is not { } m)
        {
            return;
        }

        CheckField(m.Budget, "measures.budget", "the budget measure", "an amount", FieldType.Money);
        CheckOptional(m.Spend, "measures.spend", "the spend measure", "an amount", FieldType.Money);
        CheckOptional(m.Leads, "measures.leads", "the leads measure", "a count", FieldType.Number);
        CheckOptional(m.ExpectedLeads, "measures.expectedLeads", "the expected leads measure", "a count", FieldType.Number);
        CheckOptional(m.Revenue, "measures.revenue", "the revenue measure", "an amount", FieldType.Money);
        CheckOptional(m.ExpectedRevenue, "measures.expectedRevenue", "the expected revenue measure", "an amount", FieldType.Money);
        CheckOptional(m.Date, "measures.date", "the date measure", "a date", FieldType.Date, FieldType.DateTime);
        for (var i = 0; i < m.Dimensions.Count; i++)
        {
            var at = $"measures.dimensions[{i}]";
            if (m.Dimensions.Take(i).Contains(m.Dimensions[i]))
            {
                Add(DefinitionErrorCodes.Duplicate, at, $"The dimension '{m.Dimensions[i]}' is listed twice. Keep one.");
            }
            else if (CheckField(m.Dimensions[i], at, "a dimension", "text or a list of texts", FieldType.String, FieldType.Enum, FieldType.List) is { Type: FieldType.List } list
                && list.Items?.Type is not (FieldType.String or FieldType.Enum))
            {
                Add(DefinitionErrorCodes.WrongFieldType, at, $"The dimension '{list.Name}' is a list of {(list.Items is null ? "unknown elements" : Word(list.Items.Type) + "s")}; figures are grouped by text, so name a string or enum field, or a list of them.");
            }
        }

        if (m.SubmittedBy is { } trigger && !_triggers.ContainsKey(trigger))
        {
            Add(DefinitionErrorCodes.UnknownTrigger, "measures.submittedBy", $"'submittedBy' names the trigger '{trigger}', which is not defined.{Expressions.Internal.Binder.Suggest(trigger, _triggers.Keys)} Define it under 'triggers', or name the trigger that submits an instance.");
        }
    }

    private void CheckOptional(string? field, string path, string what, string holds, params FieldType[] types)
    {
        if (field is not null)
        {
            CheckField(field, path, what, holds, types);
        }
    }

    /// <summary>Checks that <paramref name="field"/> is a declared top-level data field of one of <paramref name="types"/>, and returns it when declared.</summary>
    private FieldDefinition? CheckField(string field, string path, string what, string holds, params FieldType[] types)
    {
        if (!Name().IsMatch(field))
        {
            Add(DefinitionErrorCodes.InvalidValue, path, $"'{field}' is not a field name: {what} names a top-level data field, which starts with a letter, then letters, digits or '_' (no dots, spaces or quotes).");
            return null;
        }

        var declared = _definition.Data.FirstOrDefault(f => f.Name == field);
        if (declared is null)
        {
            Add(DefinitionErrorCodes.UnknownField, path, $"{Capital(what)} is the field '{field}', which is not declared under 'data'.{Expressions.Internal.Binder.Suggest(field, _definition.Data.Select(f => f.Name))} Declare it, or name a declared field.");
            return null;
        }

        if (!types.Contains(declared.Type))
        {
            var allowed = types.Contains(FieldType.List) ? "string or enum field, or a list of them" : string.Join(" or ", types.Select(Word)) + " field";
            Add(DefinitionErrorCodes.WrongFieldType, path, $"{Capital(what)} is the field '{field}', a {Word(declared.Type)}; it holds {holds}, so name a {allowed}.");
        }

        return declared;
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
