using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>A checklist item: who owns it, when it is due, what it waits for, and who may waive it. Immutable.</summary>
public sealed class ChecklistItemDefinition
{
    internal ChecklistItemDefinition(string id)
    {
        Id = id;
    }

    /// <summary>Gets the item's id, unique in the process.</summary>
    public string Id { get; }

    /// <summary>Gets a human title, or <see langword="null"/>.</summary>
    public string? Title { get; internal init; }

    /// <summary>Gets the role that owns the item, or <see langword="null"/>.</summary>
    public string? OwnerRole { get; internal init; }

    /// <summary>Gets a value indicating whether the item must be done or waived to pass the gate. Default: true.</summary>
    public bool Required { get; internal init; } = true;

    /// <summary>Gets the due expression, a date or datetime relative to the data such as <c>launchAt - 3d</c>, or <see langword="null"/>.</summary>
    public string? Due { get; internal init; }

    /// <summary>Gets the ids of the items that must be done before this one.</summary>
    public IReadOnlyList<string> DependsOn { get; internal init; } = [];

    /// <summary>Gets the roles that may waive the item (with a reason); empty means it cannot be waived.</summary>
    public IReadOnlyList<string> WaivableBy { get; internal init; } = [];
}
