using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>Something an actor (or a timer) can do to an instance: its arguments and who may do it. Immutable.</summary>
public sealed class TriggerDefinition
{
    internal TriggerDefinition(string name)
    {
        Name = name;
    }

    /// <summary>Gets the trigger's name, such as <c>Submit</c>.</summary>
    public string Name { get; }

    /// <summary>Gets a human title, or <see langword="null"/>.</summary>
    public string? Title { get; internal init; }

    /// <summary>Gets the arguments the trigger takes, readable in guards as <c>args.name</c>.</summary>
    public IReadOnlyList<FieldDefinition> Arguments { get; internal init; } = [];

    /// <summary>Gets the roles allowed to fire it; empty means any authenticated actor.</summary>
    public IReadOnlyList<string> Roles { get; internal init; } = [];

    /// <summary>Gets a value indicating whether only the actor who submitted the instance for approval, or a delegate acting for them, may fire it (a withdrawal), whatever roles others hold.</summary>
    public bool SubmitterOnly { get; internal init; }

    /// <summary>Gets a value indicating whether a comment is required.</summary>
    public bool CommentRequired { get; internal init; }

    /// <summary>Gets a value indicating whether the trigger's arguments are written into the data fields of the same name (a new content version, the actual spend).</summary>
    public bool SetsData { get; internal init; }
}
