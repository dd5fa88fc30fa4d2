using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;

namespace MarketingWorkflows.Tests.Engine.Migrations;

/// <summary>Later versions of the built-in campaign approval, as an ops team would publish them.</summary>
public static class CampaignVersions
{
    /// <summary>
    /// Version 2: a brand review between the budget and legal reviews, a required <c>brandGuide</c>
    /// field without a default, three business days for the budget review instead of two, and at
    /// most 1,000 expected leads.
    /// </summary>
    public static ProcessDefinition V2(Action<JsonObject>? change = null) => Load(V2Json(change), "campaign-approval.v2.json");

    /// <summary>Version 3: version 2 with the budget review renamed FinanceReview.</summary>
    public static ProcessDefinition V3()
    {
        var root = V2Json(null);
        root["version"] = 3;
        return Load(JsonNode.Parse(root.ToJsonString().Replace("\"BudgetReview\"", "\"FinanceReview\"", StringComparison.Ordinal))!.AsObject(), "campaign-approval.v3.json");
    }

    /// <summary>Registers the built-in processes and the given later versions.</summary>
    public static ProcessDefinitionRegistry Registry(params ProcessDefinition[] later)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions.Concat(later))
        {
            registry.Register(definition);
        }

        return registry;
    }

    private static JsonObject V2Json(Action<JsonObject>? change)
    {
        var root = JsonNode.Parse(BuiltInProcesses.GetSource(CampaignApproval.ProcessId))!.AsObject();
        root["version"] = 2;
        var states = root["states"]!.AsArray();
        var budget = states.First(s => (string?)s!["name"] == CampaignApproval.States.BudgetReview)!;
        budget["approval"]!["onApproved"] = "BrandReview";
        budget["deadline"]!["businessDays"] = 3;
        states.Insert(states.IndexOf(budget) + 1, JsonNode.Parse("""
            {
              "name": "BrandReview", "title": "Brand review", "parent": "InApproval",
              "deadline": { "businessDays": 1, "onTimeout": "Escalate" },
              "approval": {
                "approvers": [ { "role": "brand" } ], "fallbackRole": "cmo",
                "onApproved": "LegalReview", "onRejected": "Rejected", "onChangesRequested": "ChangesRequested"
              }
            }
            """));
        var data = root["data"]!.AsArray();
        data.Add(JsonNode.Parse("""{ "name": "brandGuide", "type": "string", "required": true, "title": "Brand guide the creative follows" }"""));
        data.First(f => (string?)f!["name"] == "expectedLeads")!["maximum"] = 1000;
        change?.Invoke(root);
        return root;
    }

    private static ProcessDefinition Load(JsonObject root, string file) => ProcessDefinitionLoader.Json.Load(root.ToJsonString(), file).GetDefinitionOrThrow();
}
