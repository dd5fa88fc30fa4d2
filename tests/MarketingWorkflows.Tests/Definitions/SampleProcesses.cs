using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Tests.Definitions;

internal enum CampaignState
{
    Draft,
    Open,
    BudgetReview,
    LegalReview,
    ExecutiveApproval,
    ChangesRequested,
    Approved,
    Rejected,
    Cancelled,
}

internal enum CampaignTrigger
{
    Submit,
    Resubmit,
    Cancel,
    Escalate,
}

/// <summary>The campaign approval process, built in C#, as the tests use it.</summary>
internal static class SampleProcesses
{
    public static ProcessDefinitionBuilder CampaignBuilder() => ProcessDefinition.Create("campaign-approval")
        .Version(1)
        .Title("Campaign approval")
        .Data(d => d
            .String("name", f => f.Required().Minimum(1).Maximum(120))
            .String("owner", f => f.Required())
            .Money("budget", f => f.Required().Minimum(0))
            .List("regions", FieldType.Enum, i => i.AllowedValues(["EU", "UK", "US", "APAC"]))
            .List("channels", FieldType.Enum, i => i.AllowedValues(["email", "sms", "social", "search"]))
            .Date("startAt"))
        .Trigger(CampaignTrigger.Submit, t => t.Roles("marketer"))
        .Trigger(CampaignTrigger.Resubmit)
        .Trigger(CampaignTrigger.Cancel, t => t.CommentRequired().Arguments(a => a.String("reason", f => f.Required())))
        .Trigger(CampaignTrigger.Escalate)
        .State(CampaignState.Draft, s => s.Initial().SubstateOf(CampaignState.Open).Permit(CampaignTrigger.Submit, CampaignState.BudgetReview))
        .State(CampaignState.Open, s => s.PermitIf(CampaignTrigger.Cancel, CampaignState.Cancelled, "len(args.reason) >= 3", "a reason of at least 3 characters"))
        .State(CampaignState.BudgetReview, s => s
            .SubstateOf(CampaignState.Open)
            .DeadlineInBusinessDays(2, d => d.RemindBefore(TimeSpan.FromHours(4)).RemindAfter(TimeSpan.FromDays(1)).OnTimeout("Escalate"))
            .InternalTransition(CampaignTrigger.Escalate)
            .Approval(a => a
                .When("budget.amount >= 10000")
                .Role("finance")
                .OnApproved("LegalReview")
                .OnRejected("Rejected")
                .OnChangesRequested("ChangesRequested")))
        .State(CampaignState.LegalReview, s => s
            .SubstateOf(CampaignState.Open)
            .Approval(a => a
                .When("'EU' in regions or 'UK' in regions or 'sms' in channels")
                .Role("legal")
                .ApproveWhen(ApprovalRule.AtLeast(2))
                .OnApproved("ExecutiveApproval")
                .OnRejected("Rejected")
                .OnChangesRequested("ChangesRequested")))
        .State(CampaignState.ExecutiveApproval, s => s
            .SubstateOf(CampaignState.Open)
            .Approval(a => a
                .When("budget.amount >= 100000")
                .Role("cmo")
                .OnApproved("Approved")
                .OnRejected("Rejected")))
        .State(CampaignState.ChangesRequested, s => s.SubstateOf(CampaignState.Open).Permit(CampaignTrigger.Resubmit, CampaignState.BudgetReview))
        .State(CampaignState.Approved, s => s.Terminal())
        .State(CampaignState.Rejected, s => s.Terminal())
        .State(CampaignState.Cancelled, s => s.Terminal());

    public static ProcessDefinition Campaign() => CampaignBuilder().Build();

    public static ExpressionContext Context(string data, string? arguments = null)
        => new(JsonDocument.Parse(data).RootElement, arguments is null ? default : JsonDocument.Parse(arguments).RootElement, new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public static string Data(decimal budget, string regions = "\"US\"", string channels = "\"search\"")
        => $$"""{ "name": "Spring", "owner": "ana", "budget": { "amount": {{budget}}, "currency": "EUR" }, "regions": [{{regions}}], "channels": [{{channels}}], "startAt": "2026-04-01" }""";
}
