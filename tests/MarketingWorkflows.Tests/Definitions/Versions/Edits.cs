using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;

namespace MarketingWorkflows.Tests.Definitions.Versions;

/// <summary>Built-in definitions changed through their file text, as an author would change them.</summary>
internal static class Edits
{
    public static JsonObject Source(string processId) => JsonNode.Parse(BuiltInProcesses.GetSource(processId))!.AsObject();

    public static DefinitionLoadResult TryLoad(JsonObject source) => ProcessDefinitionLoader.Json.Load(source.ToJsonString(), "edited.json");

    public static ProcessDefinition Load(JsonObject source)
    {
        var result = TryLoad(source);
        if (result.Definition is null)
        {
            throw new InvalidOperationException("The edited definition does not load: " + string.Join("; ", result.Errors));
        }

        return result.Definition;
    }

    public static ProcessDefinition Edit(string processId, Action<JsonObject> edit)
    {
        var source = Source(processId);
        edit(source);
        return Load(source);
    }

    public static JsonObject State(JsonObject source, string name)
        => source["states"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["name"] == name);

    public static JsonObject Trigger(JsonObject source, string name)
        => source["triggers"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["name"] == name);

    public static JsonObject Field(JsonObject source, string name)
        => source["data"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["name"] == name);

    public static JsonObject Transition(JsonObject source, string state, string trigger)
        => State(source, state)["transitions"]!.AsArray().Select(s => s!.AsObject()).First(s => (string?)s["trigger"] == trigger);

    public static JsonObject ChecklistItem(JsonObject source, string id)
        => source["checklist"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["id"] == id);
}
