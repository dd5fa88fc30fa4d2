using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>A one-stage process whose approval block a test writes, to exercise approval rules.</summary>
public static class QuorumProcess
{
    public const string Id = "quorum";

    public static ProcessDefinition Create(string approval, string decisions = "approval", int version = 1)
    {
        var stage = System.Text.Json.Nodes.JsonNode.Parse(approval)!.AsObject();
        stage["decisions"] = decisions;
        stage["onChangesRequested"] ??= "Draft";
        return ProcessDefinitionLoader.Json.Load($$"""
            {
              "id": "{{Id}}", "version": {{version}},
              "data": [ { "name": "owner", "type": "string", "required": true } ],
              "triggers": [
                { "name": "Submit" }, { "name": "Approve" }, { "name": "Reject", "commentRequired": true },
                { "name": "RequestChanges", "commentRequired": true },
                { "name": "Review", "arguments": [ { "name": "decision", "type": "enum", "required": true, "values": ["approved", "approved-with-changes", "changes-required", "rejected", "not-relevant"] } ] }
              ],
              "states": [
                { "name": "Draft", "initial": true, "transitions": [ { "trigger": "Submit", "to": "Stage" } ] },
                { "name": "Stage", "approval": {{stage.ToJsonString()}} },
                { "name": "Done", "terminal": true },
                { "name": "Stopped", "terminal": true }
              ]
            }
            """, "quorum.json").GetDefinitionOrThrow();
    }

    public static async Task<ProcessInstance> SubmitAsync(EngineHarness harness, string owner = "olga")
    {
        var instance = await harness.Engine.StartAsync(Id, EngineHarness.Json(new { owner }), new Actor(owner));
        return (await harness.FireAsync(instance.Id, "Submit", new Actor(owner))).Instance;
    }
}
