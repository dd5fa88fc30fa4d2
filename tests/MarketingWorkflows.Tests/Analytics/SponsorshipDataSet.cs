using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Analytics;

/// <summary>
/// A process that is not a campaign, <c>event-sponsorship</c>, whose definition declares its own
/// measures under names of its own, and four sponsorships written on it by the real engine:
/// <list type="bullet">
/// <item>Sponsorship <c>k</c> (0–3) has a fee of 1,000·(k + 1) EUR, 50 attendees and 4,000 EUR
/// of pipeline expected, and a field called <c>budget</c> of 999 EUR that it does not declare as a
/// measure. Even ones are in the EU, odd ones in the US (a string dimension); 0 and 1 are on the
/// tracks ai and cloud, 2 and 3 on none (a list dimension). Their event dates are 2027-02-10,
/// 2027-05-10, 2027-05-20 and none.</item>
/// <item>0, 1 and 2 are proposed (the declared submission); 0 and 1 are approved; 0 is settled
/// with 900 EUR invoiced, 40 attendees and 5,000 EUR of pipeline.</item>
/// </list>
/// The analytics see only this process's definition, whatever else the store holds.
/// </summary>
public sealed class SponsorshipDataSet
{
    public const string ProcessId = "event-sponsorship";

    public const string Json = """
        {
          "id": "event-sponsorship",
          "data": [
            { "name": "title", "type": "string", "required": true },
            { "name": "owner", "type": "string" },
            { "name": "fee", "type": "money", "required": true },
            { "name": "budget", "type": "money" },
            { "name": "region", "type": "enum", "values": ["EU", "US"] },
            { "name": "tracks", "type": "list", "items": { "type": "string" } },
            { "name": "eventDate", "type": "date" },
            { "name": "expectedAttendees", "type": "number" },
            { "name": "attendees", "type": "number" },
            { "name": "expectedPipeline", "type": "money" },
            { "name": "pipeline", "type": "money" },
            { "name": "invoiced", "type": "money" }
          ],
          "measures": {
            "budget": "fee", "spend": "invoiced",
            "leads": "attendees", "expectedLeads": "expectedAttendees",
            "revenue": "pipeline", "expectedRevenue": "expectedPipeline",
            "dimensions": ["region", "tracks"], "date": "eventDate", "submittedBy": "Propose"
          },
          "triggers": [
            { "name": "Propose" },
            { "name": "Approve" },
            { "name": "Reject" },
            {
              "name": "Settle", "setsData": true,
              "arguments": [
                { "name": "invoiced", "type": "money", "required": true },
                { "name": "attendees", "type": "number", "required": true },
                { "name": "pipeline", "type": "money" }
              ]
            }
          ],
          "states": [
            { "name": "Draft", "initial": true, "transitions": [ { "trigger": "Propose", "to": "Review" } ] },
            { "name": "Review", "approval": { "approvers": [ { "role": "sponsorship-lead" } ], "onApproved": "Approved", "onRejected": "Rejected" } },
            { "name": "Approved", "transitions": [ { "trigger": "Settle", "to": "Settled" } ] },
            { "name": "Settled", "terminal": true },
            { "name": "Rejected", "terminal": true }
          ]
        }
        """;

    private static readonly Actor Sam = new("sam", "events");
    private static readonly Actor Lena = new("lena", "sponsorship-lead");

    private SponsorshipDataSet(IProcessStore store)
    {
        Registry = new ProcessDefinitionRegistry();
        Registry.Register(Definition);
        Engine = new ProcessEngine(Registry, store, timeProvider: Clock);
        Analytics = StoreAnalytics.For(store, Registry, Clock);
    }

    public static ProcessDefinition Definition { get; } = ProcessDefinitionLoader.Json.Load(Json, "event-sponsorship.json").GetDefinitionOrThrow();

    public ManualClock Clock { get; } = new(AnalyticsDataSet.T0);

    public ProcessDefinitionRegistry Registry { get; }

    public ProcessEngine Engine { get; }

    public IProcessAnalytics Analytics { get; }

    public static async Task<SponsorshipDataSet> CreateAsync(IProcessStore store)
    {
        var set = new SponsorshipDataSet(store);
        string[] dates = ["2027-02-10", "2027-05-10", "2027-05-20"];
        for (var k = 0; k < 4; k++)
        {
            var data = new Dictionary<string, object>
            {
                ["title"] = $"Summit {k}",
                ["owner"] = "ana",
                ["fee"] = new { amount = 1_000 * (k + 1), currency = "EUR" },
                ["budget"] = new { amount = 999, currency = "EUR" },
                ["region"] = k % 2 == 0 ? "EU" : "US",
                ["tracks"] = k < 2 ? new[] { "ai", "cloud" } : [],
                ["expectedAttendees"] = 50,
                ["expectedPipeline"] = new { amount = 4_000, currency = "EUR" },
            };
            if (k < 3)
            {
                data["eventDate"] = dates[k];
            }

            var id = (await set.Engine.StartAsync(ProcessId, EngineHarness.Json(data), Sam)).Id;
            set.Clock.Advance(TimeSpan.FromHours(1));
            if (k < 3)
            {
                await set.Engine.FireAsync(new ProcessCommand(id, "Propose", Sam));
            }

            if (k < 2)
            {
                await set.Engine.FireAsync(new ProcessCommand(id, "Approve", Lena));
            }

            if (k == 0)
            {
                var settlement = new { invoiced = new { amount = 900, currency = "EUR" }, attendees = 40, pipeline = new { amount = 5_000, currency = "EUR" } };
                await set.Engine.FireAsync(new ProcessCommand(id, "Settle", Sam) { Arguments = EngineHarness.Json(settlement) });
            }
        }

        return set;
    }
}
