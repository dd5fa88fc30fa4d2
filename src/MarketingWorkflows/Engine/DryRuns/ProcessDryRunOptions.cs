using System;
using System.Collections.Generic;
using System.Text.Json;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Engine;

/// <summary>What a <see cref="ProcessDryRun"/> starts from; every setting has a default.</summary>
public sealed record ProcessDryRunOptions
{
    /// <summary>Gets the instance's data; by default an empty object.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>Gets the time the dry run starts at; by default the current time of <see cref="TimeProvider.System"/>.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>Gets each user's manager, for relative approvers such as <c>owner.manager</c>; by default none is known.</summary>
    public IReadOnlyDictionary<string, string>? Managers { get; init; }

    /// <summary>
    /// Gets the other definitions linked instances belong to (a linked instance keeps its
    /// process's version); the definition being tried takes the place of any registered version
    /// of its own process. By default the definition alone.
    /// </summary>
    public IProcessDefinitionRegistry? Definitions { get; init; }

    /// <summary>Gets the engine options the rules read (business calendar, limits); by default the defaults.</summary>
    public MarketingWorkflowsOptions? EngineOptions { get; init; }
}
