using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using MarketingWorkflows.Definitions.Internal;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// Builds a <see cref="ProcessDefinition"/> in C#. <see cref="Build"/> validates the whole
/// definition exactly as a file is validated and reports every problem at once.
/// </summary>
/// <example>
/// <code>
/// var definition = ProcessDefinition.Create("campaign-approval")
///     .Version(1)
///     .Data(d =&gt; d.String("owner", f =&gt; f.Required()).Money("budget"))
///     .Owner("owner")
///     .Measures("budget", m =&gt; m.SubmittedBy("Submit"))
///     .Trigger("Submit")
///     .Trigger("Approve")
///     .State("Draft", s =&gt; s.Initial().Permit("Submit", "InReview"))
///     .State("InReview", s =&gt; s.Permit("Approve", "Approved"))
///     .State("Approved", s =&gt; s.Terminal())
///     .Build();
/// </code>
/// </example>
public sealed class ProcessDefinitionBuilder
{
    private readonly string _id;
    private readonly List<FieldDefinition> _data = [];
    private readonly List<TriggerDefinition> _triggers = [];
    private readonly List<StateDefinition> _states = [];
    private readonly List<ChecklistItemDefinition> _checklist = [];
    private int _version = 1;
    private string? _title;
    private string? _description;
    private WorkingCalendar _calendar = WorkingCalendar.Weekdays;
    private string? _owner;
    private MeasuresDefinition? _measures;
    private Expressions.GuardFunctionCatalog _guardFunctions = Expressions.GuardFunctionCatalog.Empty;

    internal ProcessDefinitionBuilder(string id)
    {
        _id = id;
    }

    /// <summary>Sets the version (default 1).</summary>
    /// <param name="version">The version, 1 or more.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Version(int version)
    {
        _version = version;
        return this;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">The description.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Adds fields to the data schema.</summary>
    /// <param name="configure">Adds the fields.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Data(Action<FieldListBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new FieldListBuilder(_data));
        return this;
    }

    /// <summary>Adds a trigger.</summary>
    /// <param name="name">The trigger's name.</param>
    /// <param name="configure">Configures it, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Trigger(string name, Action<TriggerBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new TriggerBuilder(name);
        configure?.Invoke(builder);
        _triggers.Add(builder.Build());
        return this;
    }

    /// <summary>Adds a trigger named after an enum value.</summary>
    /// <typeparam name="TTrigger">The enum of triggers.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="configure">Configures it, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Trigger<TTrigger>(TTrigger trigger, Action<TriggerBuilder>? configure = null)
        where TTrigger : struct, Enum
        => Trigger(trigger.ToString(), configure);

    /// <summary>Adds a state.</summary>
    /// <param name="name">The state's name.</param>
    /// <param name="configure">Configures it, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder State(string name, Action<StateBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StateBuilder(name);
        configure?.Invoke(builder);
        _states.Add(builder.Build());
        return this;
    }

    /// <summary>Adds a state named after an enum value.</summary>
    /// <typeparam name="TState">The enum of states.</typeparam>
    /// <param name="state">The state.</param>
    /// <param name="configure">Configures it, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder State<TState>(TState state, Action<StateBuilder>? configure = null)
        where TState : struct, Enum
        => State(state.ToString(), configure);

    /// <summary>Adds a checklist item.</summary>
    /// <param name="id">The item's id.</param>
    /// <param name="configure">Configures it, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder ChecklistItem(string id, Action<ChecklistItemBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var builder = new ChecklistItemBuilder(id);
        configure?.Invoke(builder);
        _checklist.Add(builder.Build());
        return this;
    }

    /// <summary>Sets the working calendar for business-day deadlines (default: Monday to Friday, no holidays).</summary>
    /// <param name="weekend">The non-working days of the week.</param>
    /// <param name="holidays">The holidays.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Calendar(IEnumerable<DayOfWeek> weekend, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(weekend);
        _calendar = new WorkingCalendar([.. weekend], [.. holidays ?? []]);
        return this;
    }

    /// <summary>Names the string data field holding the user id of an instance's owner, who may change its data and whom states without approvers or trigger roles wait on.</summary>
    /// <param name="field">The data field.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Owner(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        _owner = field;
        return this;
    }

    /// <summary>Declares what the analytics measure: the money field of the amount planned, and optionally the rest.</summary>
    /// <param name="budget">The money data field holding the amount planned.</param>
    /// <param name="configure">Names the other measures, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder Measures(string budget, Action<MeasuresBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var builder = new MeasuresBuilder(budget);
        configure?.Invoke(builder);
        _measures = builder.Build();
        return this;
    }

    /// <summary>Lets the definition's transition guards call these host functions, such as <c>budgetLeft(region)</c>; their calls are type-checked when the definition is built.</summary>
    /// <param name="functions">The guard functions.</param>
    /// <returns>This builder.</returns>
    public ProcessDefinitionBuilder GuardFunctions(Expressions.GuardFunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        _guardFunctions = functions;
        return this;
    }

    /// <summary>Validates and builds the definition.</summary>
    /// <returns>The definition.</returns>
    /// <exception cref="ProcessDefinitionException">The definition has problems; all of them are listed.</exception>
    public ProcessDefinition Build()
        => TryBuild(out var definition, out var errors) ? definition : throw new ProcessDefinitionException(errors);

    /// <summary>Validates and builds the definition, returning its problems instead of throwing.</summary>
    /// <param name="definition">The definition, when valid.</param>
    /// <param name="errors">Every problem found; empty when valid.</param>
    /// <returns><see langword="true"/> when the definition is valid.</returns>
    public bool TryBuild([NotNullWhen(true)] out ProcessDefinition? definition, out IReadOnlyList<DefinitionError> errors)
    {
        var candidate = new ProcessDefinition(_id, _version, _title, _description, [.. _data], [.. _triggers], [.. _states], [.. _checklist], _calendar)
        {
            Owner = _owner,
            Measures = _measures,
            GuardFunctions = _guardFunctions,
        };
        var found = DefinitionValidator.Validate(candidate);
        errors = found.Select(p => p.ToError(source: null)).ToArray();
        definition = errors.Count == 0 ? candidate : null;
        return definition is not null;
    }
}
