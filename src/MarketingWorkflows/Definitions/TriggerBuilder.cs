using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>Configures a trigger.</summary>
public sealed class TriggerBuilder
{
    private readonly string _name;
    private readonly List<FieldDefinition> _arguments = [];
    private string? _title;
    private IReadOnlyList<string> _roles = [];
    private bool _commentRequired;
    private bool _setsData;
    private bool _submitterOnly;

    internal TriggerBuilder(string name)
    {
        _name = name;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Restricts the trigger to actors holding one of these roles.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder Roles(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _roles = [.. roles];
        return this;
    }

    /// <summary>Lets only the actor who submitted the instance for approval, or a delegate acting for them, fire the trigger (a withdrawal).</summary>
    /// <returns>This builder.</returns>
    public TriggerBuilder SubmitterOnly()
    {
        _submitterOnly = true;
        return this;
    }

    /// <summary>Requires a comment when the trigger is fired.</summary>
    /// <param name="required">Whether a comment is required.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder CommentRequired(bool required = true)
    {
        _commentRequired = required;
        return this;
    }

    /// <summary>Adds typed arguments, readable in guards as <c>args.name</c>.</summary>
    /// <param name="configure">Adds the arguments.</param>
    /// <returns>This builder.</returns>
    public TriggerBuilder Arguments(Action<FieldListBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new FieldListBuilder(_arguments));
        return this;
    }

    /// <summary>Writes the trigger's arguments into the data fields of the same name when it fires (a new content version, the actual spend).</summary>
    /// <returns>This builder.</returns>
    public TriggerBuilder SetsData()
    {
        _setsData = true;
        return this;
    }

    internal TriggerDefinition Build() => new(_name)
    {
        Title = _title,
        Roles = _roles,
        SubmitterOnly = _submitterOnly,
        CommentRequired = _commentRequired,
        SetsData = _setsData,
        Arguments = [.. _arguments],
    };
}
