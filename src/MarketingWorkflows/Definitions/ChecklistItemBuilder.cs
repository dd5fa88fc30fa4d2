using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>Configures a checklist item.</summary>
public sealed class ChecklistItemBuilder
{
    private readonly string _id;
    private string? _title;
    private string? _ownerRole;
    private bool _required = true;
    private string? _due;
    private IReadOnlyList<string> _dependsOn = [];
    private IReadOnlyList<string> _waivableBy = [];

    internal ChecklistItemBuilder(string id)
    {
        _id = id;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Sets the role that owns the item.</summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Owner(string role)
    {
        _ownerRole = role;
        return this;
    }

    /// <summary>Makes the item optional: it does not hold the gate.</summary>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Optional()
    {
        _required = false;
        return this;
    }

    /// <summary>Sets when the item is due, relative to the data, such as <c>launchAt - 3d</c>.</summary>
    /// <param name="expression">A date or date-time expression.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder Due(string expression)
    {
        _due = expression;
        return this;
    }

    /// <summary>Sets the items that must be done first.</summary>
    /// <param name="itemIds">Their ids.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder DependsOn(params string[] itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        _dependsOn = [.. itemIds];
        return this;
    }

    /// <summary>Allows these roles to waive the item, with a reason.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>This builder.</returns>
    public ChecklistItemBuilder WaivableBy(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _waivableBy = [.. roles];
        return this;
    }

    internal ChecklistItemDefinition Build() => new(_id)
    {
        Title = _title,
        OwnerRole = _ownerRole,
        Required = _required,
        Due = _due,
        DependsOn = _dependsOn,
        WaivableBy = _waivableBy,
    };
}
